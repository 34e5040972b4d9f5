ALTER TABLE requests DROP COLUMN IF EXISTS public_description;
