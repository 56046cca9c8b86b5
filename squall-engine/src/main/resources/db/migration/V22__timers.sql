-- The last fire of each timer trigger (by trigger ref), so a restart knows what it missed.
CREATE TABLE timer_state (
  trigger_ref VARCHAR(255) NOT NULL PRIMARY KEY,
  last_fire   TIMESTAMP WITH TIME ZONE NOT NULL
);
