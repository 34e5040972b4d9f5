DROP TABLE request_followers;
