-- Secret parameters (declared secret, or rendered from a secret) are never stored in clear: the
-- parameters column holds the mask in their place, secret_values their values as one document
-- encrypted with the datastore's key (AES-GCM, see SecretBox), secret_names the names (a JSON list).
ALTER TABLE executions ADD COLUMN secret_names TEXT;
ALTER TABLE executions ADD COLUMN secret_values TEXT;
