-- A group's own questions at registration (due date, child's age, needs …), configured by
-- its organisers; the answers are stored with the registration (registrations.answers).
ALTER TABLE groups ADD COLUMN registration_questions jsonb NOT NULL DEFAULT '[]'
  CHECK (jsonb_typeof(registration_questions) = 'array' AND jsonb_array_length(registration_questions) <= 10);
