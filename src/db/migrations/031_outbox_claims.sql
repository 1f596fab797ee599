-- Mail delivery records each message on its own, right after the mail server accepted it
-- (issue 12, finding 12): a worker first claims a message for a while (a lease), sends it and
-- marks it sent in a transaction of its own, so a crash repeats at most the message in flight
-- (recognisable by its Message-ID, derived from the row id). Another worker, or instance,
-- takes a message over only once its lease has run out.
ALTER TABLE outbox ADD COLUMN claimed_by uuid;
ALTER TABLE outbox ADD COLUMN claimed_until timestamptz;
-- When the link in the message stops working (an invitation's 7 days, a my-data link's hour):
-- mail still waiting then is given up and its sealed secret erased (finding 13).
ALTER TABLE outbox ADD COLUMN link_expires_at timestamptz;
CREATE INDEX outbox_link_expiry_idx ON outbox (link_expires_at)
  WHERE link_expires_at IS NOT NULL AND failed_at IS NULL;
