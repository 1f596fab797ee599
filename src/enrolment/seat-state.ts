/**
 * What a person can expect of a group's seats before they try to join: free seats, only
 * the waiting list (and how many are ahead), or nothing at all. Pure, so the cards, the
 * group page and the registration form say the same thing.
 */
export type SeatState =
  | { kind: 'unlimited' }
  | { kind: 'open'; left: number }
  | { kind: 'waitlist'; ahead: number }
  | { kind: 'full' };

export function seatState(g: {
  capacity: number | null;
  waitlist_capacity: number | null;
  seats_available: number | null;
  waitlist_length: number;
}): SeatState {
  if (g.capacity === null || g.seats_available === null) return { kind: 'unlimited' };
  if (g.seats_available > 0) return { kind: 'open', left: g.seats_available };
  if (g.waitlist_capacity === null || g.waitlist_length < g.waitlist_capacity)
    return { kind: 'waitlist', ahead: g.waitlist_length };
  return { kind: 'full' };
}
