-- The category taxonomy in every interface language: buyers filter and read event categories in
-- Haitian Creole, Brazilian Portuguese, Arabic, Swahili and Yoruba as in the others.

update categories set names = names || new_names
from (values
  ('gala-fundraiser', '{"ht": "Gala / Kolekt lajan", "pt-BR": "Gala / Arrecadação de fundos", "ar": "حفل / جمع تبرعات", "sw": "Gala / Uchangishaji wa fedha", "yo": "Àríyá ńlá / Ìkówójọ"}'::jsonb),
  ('national-day', '{"ht": "Fèt nasyonal", "pt-BR": "Celebração do Dia Nacional", "ar": "احتفال باليوم الوطني", "sw": "Sherehe ya Siku ya Taifa", "yo": "Àjọ̀dún Ọjọ́ Orílẹ̀-èdè"}'),
  ('afrobeat-concert', '{"ht": "Konsè afrobeat", "pt-BR": "Show de afrobeat", "ar": "حفل موسيقى أفروبيت", "sw": "Tamasha la muziki wa afrobeat", "yo": "Eré orin afrobeat"}'),
  ('diaspora-film', '{"ht": "Pwojeksyon fim dyaspora", "pt-BR": "Exibição de filme da diáspora", "ar": "عرض فيلم عن المهجر", "sw": "Onyesho la filamu ya diaspora", "yo": "Àfihàn fíìmù àwọn ará òkè òkun"}'),
  ('religious-celebration', '{"ht": "Fèt relijye", "pt-BR": "Celebração religiosa", "ar": "احتفال ديني", "sw": "Sherehe ya kidini", "yo": "Àjọ̀dún ẹ̀sìn"}'),
  ('wedding-private', '{"ht": "Maryaj / Fèt prive", "pt-BR": "Casamento / Celebração particular", "ar": "زفاف / احتفال خاص", "sw": "Harusi / Sherehe binafsi", "yo": "Ìgbéyàwó / Àríyá àdáni"}'),
  ('conference', '{"ht": "Konferans", "pt-BR": "Conferência", "ar": "مؤتمر", "sw": "Kongamano", "yo": "Àpérò"}'),
  ('comedy', '{"ht": "Komedi", "pt-BR": "Comédia", "ar": "كوميديا", "sw": "Vichekesho", "yo": "Eré aláwàdà"}'),
  ('festival', '{"ht": "Festival", "pt-BR": "Festival", "ar": "مهرجان", "sw": "Tamasha", "yo": "Àjọ̀dún"}'),
  ('sports', '{"ht": "Espò", "pt-BR": "Esportes", "ar": "رياضة", "sw": "Michezo", "yo": "Eré ìdárayá"}'),
  ('class-workshop', '{"ht": "Kou / Atelye", "pt-BR": "Aula / Oficina", "ar": "درس / ورشة عمل", "sw": "Darasa / Warsha", "yo": "Kíláàsì / Ìdánilẹ́kọ̀ọ́"}'),
  ('community-meeting', '{"ht": "Reyinyon kominotè", "pt-BR": "Reunião comunitária", "ar": "اجتماع مجتمعي", "sw": "Mkutano wa jamii", "yo": "Ìpàdé àwùjọ"}')
) as added (id, new_names)
where categories.id = added.id;
