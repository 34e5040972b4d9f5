ALTER TEXT SEARCH CONFIGURATION fr_unaccent ADD MAPPING FOR hword WITH unaccent, french_stem;
ALTER TEXT SEARCH CONFIGURATION fr_unaccent ADD MAPPING FOR asciihword WITH french_stem;
DROP TABLE request_followers;
