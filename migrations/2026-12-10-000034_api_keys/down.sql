ALTER TABLE requests DROP CONSTRAINT requests_channel_check;
ALTER TABLE requests ADD CONSTRAINT requests_channel_check CHECK (channel IN ('web', 'phone', 'counter', 'email',
    'mobile_app', 'mail', 'social_media'));
ALTER TABLE requests DROP COLUMN api_key_id;
DROP TABLE api_keys;
