-- Sensors switched on or off through the API or CLI (PUT /api/v1/sensortypes/{ref}), over what
-- their file says. Kept in the store so the choice survives restarts and pack reloads.
CREATE TABLE sensor_switches (
  sensor_ref VARCHAR(400) PRIMARY KEY,
  enabled    BOOLEAN NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
