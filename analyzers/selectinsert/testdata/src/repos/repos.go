// Package repos: read-then-create through repository interfaces whose
// implementations live in another package (not imported here).
package repos

import (
	"context"
	"errors"
	"log"

	"repos/model"
)

type Payments interface {
	ByKey(ctx context.Context, key string) (*model.Payment, error)
	Create(ctx context.Context, p *model.Payment) error
	Claim(ctx context.Context, key string) (bool, error)
}

type Users interface {
	ByEmail(ctx context.Context, email string) (*model.User, error)
	Create(ctx context.Context, u *model.User) error
}

type Provider interface {
	Charge(ctx context.Context, key string, cents int64) (string, error)
}

type CRM interface {
	CreateContact(ctx context.Context, email, name string) error
}

type SessionCache interface {
	Get(key string) (*model.User, error)
	Add(key string, u *model.User) error
}

type Service struct {
	payments Payments
	users    Users
	provider Provider
	crm      CRM
	cache    SessionCache
}

func (s *Service) Checkout(ctx context.Context, key string, cents int64) (*model.Payment, error) {
	p, err := s.payments.ByKey(ctx, key)
	if err == nil {
		return p, nil
	}
	if !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	ref, err := s.provider.Charge(ctx, key, cents)
	if err != nil {
		return nil, err
	}
	p = &model.Payment{Key: key, Cents: cents, Ref: ref}
	if err := s.payments.Create(ctx, p); err != nil { // want `s\.payments\.ByKey finds nothing, then both requests call provider\.Charge before s\.payments\.Create; make the create the gate and act only if it inserted`
		return nil, err
	}
	return p, nil
}

// The found value is the signal: nil means not found.
func Signup(ctx context.Context, users Users, crm CRM, email, name string) error {
	if u, _ := users.ByEmail(ctx, email); u != nil {
		return nil
	}
	if err := crm.CreateContact(ctx, email, name); err != nil {
		return err
	}
	return users.Create(ctx, &model.User{Email: email, Name: name}) // want `users\.ByEmail finds nothing, then both requests call crm\.CreateContact before users\.Create`
}

// Quiet: nothing runs between the read and the create; a duplicate create
// is the repository's to refuse.
func (s *Service) EnsureUser(ctx context.Context, email string) error {
	_, err := s.users.ByEmail(ctx, email)
	if errors.Is(err, model.ErrNotFound) {
		return s.users.Create(ctx, &model.User{Email: email})
	}
	return err
}

// Quiet: the effect runs after the create, which fails for the second
// request when the key is taken.
func (s *Service) CheckoutCreateFirst(ctx context.Context, key string, cents int64) error {
	_, err := s.payments.ByKey(ctx, key)
	if !errors.Is(err, model.ErrNotFound) {
		return err
	}
	if err := s.payments.Create(ctx, &model.Payment{Key: key, Cents: cents}); err != nil {
		return err
	}
	_, err = s.provider.Charge(ctx, key, cents)
	return err
}

// Quiet: the claim is the gate.
func (s *Service) CheckoutClaimed(ctx context.Context, key string, cents int64) error {
	won, err := s.payments.Claim(ctx, key)
	if err != nil || !won {
		return err
	}
	_, err = s.provider.Charge(ctx, key, cents)
	return err
}

// Quiet: the effect runs on the found path only.
func (s *Service) Recharge(ctx context.Context, key string, cents int64) error {
	p, err := s.payments.ByKey(ctx, key)
	if err != nil {
		return err
	}
	_, err = s.provider.Charge(ctx, p.Key, cents)
	return err
}

// Quiet: another error than not-found.
func (s *Service) OnConflict(ctx context.Context, key string, cents int64) error {
	_, err := s.payments.ByKey(ctx, key)
	if errors.Is(err, model.ErrConflict) {
		if _, err := s.provider.Charge(ctx, key, cents); err != nil {
			return err
		}
		return s.payments.Create(ctx, &model.Payment{Key: key})
	}
	return err
}

// Quiet: a cache's miss then fill.
func (s *Service) Session(ctx context.Context, key, email string) error {
	if u, _ := s.cache.Get(key); u != nil {
		return nil
	}
	if err := s.crm.CreateContact(ctx, email, ""); err != nil {
		return err
	}
	return s.cache.Add(key, &model.User{Email: email})
}

type Peeks interface {
	PeeksFor(ctx context.Context, roomID string) ([]string, error)
	AddPeek(ctx context.Context, roomID, server string) error
}

// Quiet: a list read; an error there is not "none found".
func peek(ctx context.Context, peeks Peeks, crm CRM, roomID, server string) error {
	if list, err := peeks.PeeksFor(ctx, roomID); err == nil {
		for _, s := range list {
			if s == server {
				return nil
			}
		}
	}
	if err := crm.CreateContact(ctx, roomID, server); err != nil {
		return err
	}
	return peeks.AddPeek(ctx, roomID, server)
}

type Orders interface {
	Get(ctx context.Context, id int64) (model.Order, error)
	SetStatus(ctx context.Context, id int64, status string) error
	// Transition moves from one status to another and reports whether it did.
	Transition(ctx context.Context, id int64, from, to string) (bool, error)
}

type Gateway interface {
	Refund(ctx context.Context, orderID, cents int64) error
}

type Shipping interface {
	CreateShipment(ctx context.Context, orderID int64) error
}

type Orderer struct {
	orders   Orders
	gateway  Gateway
	shipping Shipping
}

// The refund runs between the check and the update: however SetStatus is
// written, both requests refund.
func (o *Orderer) Cancel(ctx context.Context, id int64) error {
	ord, err := o.orders.Get(ctx, id)
	if err != nil {
		return err
	}
	if ord.Status == "cancelled" {
		return nil
	}
	if err := o.gateway.Refund(ctx, id, ord.Cents); err != nil {
		return err
	}
	return o.orders.SetStatus(ctx, id, "cancelled") // want `check-then-act on status through o\.orders: both requests call gateway\.Refund before SetStatus; update conditionally first`
}

// Quiet: the effect comes after the update, which the implementation may
// make conditional (it is not in sight).
func (o *Orderer) MarkPaid(ctx context.Context, id int64) error {
	ord, err := o.orders.Get(ctx, id)
	if err != nil {
		return err
	}
	if ord.Status != "pending" {
		return model.ErrConflict
	}
	if err := o.orders.SetStatus(ctx, id, "paid"); err != nil {
		return err
	}
	return o.shipping.CreateShipment(ctx, id)
}

// The check returns when the order is already delivered (success), then
// sets that very state and acts: an update that could fail for the second
// request would turn that success into an error, so it is a plain set, and
// both requests ship.
func (o *Orderer) Deliver(ctx context.Context, id int64) error {
	ord, err := o.orders.Get(ctx, id)
	if err != nil {
		return err
	}
	if ord.Status == "delivered" {
		return nil
	}
	if err := o.orders.SetStatus(ctx, id, "delivered"); err != nil { // want `check-then-act on status through o\.orders: both requests SetStatus and act; make the update conditional, act only if it changed`
		return err
	}
	return o.shipping.CreateShipment(ctx, id)
}

// Quiet: the same, with nothing after the update but its repeat.
func (o *Orderer) DeliverQuietly(ctx context.Context, id int64) error {
	ord, err := o.orders.Get(ctx, id)
	if err != nil {
		return err
	}
	if ord.Status == "delivered" {
		return nil
	}
	return o.orders.SetStatus(ctx, id, "delivered")
}

// Quiet: the transition is the gate.
func (o *Orderer) CancelAtomic(ctx context.Context, id int64) error {
	ord, err := o.orders.Get(ctx, id)
	if err != nil {
		return err
	}
	ok, err := o.orders.Transition(ctx, id, ord.Status, "cancelled")
	if err != nil || !ok {
		return err
	}
	return o.gateway.Refund(ctx, id, ord.Cents)
}

// Quiet: no check on the status read before the update.
func (o *Orderer) Archive(ctx context.Context, id int64) error {
	ord, err := o.orders.Get(ctx, id)
	if err != nil {
		return err
	}
	if err := o.gateway.Refund(ctx, id, ord.Cents); err != nil {
		return err
	}
	return o.orders.SetStatus(ctx, id, "archived")
}

type Members interface {
	Get(ctx context.Context, teamID, userID int64) (*model.User, error)
	Add(ctx context.Context, teamID, userID int64) error
}

type Seats interface {
	AddSeat(ctx context.Context, teamID int64) error
	LockSeat(ctx context.Context, seatID int64) error
}

type Teams struct {
	members Members
	seats   Seats
}

// A repository that says "none" with (nil, nil); the seat is billed by a
// method whose name starts with Add.
func (t *Teams) AddMember(ctx context.Context, teamID, userID int64) error {
	m, err := t.members.Get(ctx, teamID, userID)
	if err != nil {
		return err
	}
	if m != nil {
		return nil
	}
	if err := t.seats.AddSeat(ctx, teamID); err != nil {
		return err
	}
	return t.members.Add(ctx, teamID, userID) // want `t\.members\.Get finds nothing, then both requests call seats\.AddSeat before t\.members\.Add`
}

// Quiet: the nil result is not checked, so the path is not "not found".
func (t *Teams) Touch(ctx context.Context, teamID, userID int64) error {
	if _, err := t.members.Get(ctx, teamID, userID); err != nil {
		return err
	}
	if err := t.seats.LockSeat(ctx, teamID); err != nil {
		return err
	}
	return t.members.Add(ctx, teamID, userID)
}

// A remote reservation named Lock...: an effect.
func (t *Teams) Reserve(ctx context.Context, teamID, userID, seatID int64) error {
	m, err := t.members.Get(ctx, teamID, userID)
	if err != nil || m != nil {
		return err
	}
	if err := t.seats.LockSeat(ctx, seatID); err != nil {
		return err
	}
	return t.members.Add(ctx, teamID, userID) // want `t\.members\.Get finds nothing, then both requests call seats\.LockSeat before t\.members\.Add`
}

// A repository whose transitions are named for the state they move to.
type Captures interface {
	GetPayment(ctx context.Context, id int64) (model.Order, error)
	MarkRefunded(ctx context.Context, id int64) error
}

type Notices interface {
	GetNotice(ctx context.Context, id int64) (model.Notice, error)
	MarkRead(ctx context.Context, id int64) error
}

type Refunder struct {
	payments Captures
	notices  Notices
	gateway  Gateway
	shipping Shipping
}

// The refund runs between the check and MarkRefunded: both requests refund.
func (r *Refunder) Refund(ctx context.Context, id int64) error {
	p, err := r.payments.GetPayment(ctx, id)
	if err != nil {
		return err
	}
	if p.Status == "refunded" {
		return nil
	}
	if err := r.gateway.Refund(ctx, id, p.Cents); err != nil {
		return err
	}
	return r.payments.MarkRefunded(ctx, id) // want `check-then-act on status through r\.payments: both requests call gateway\.Refund before MarkRefunded; update conditionally first`
}

// Quiet: the transition comes first; its implementation may be the gate.
func (r *Refunder) RefundAfterMark(ctx context.Context, id int64) error {
	p, err := r.payments.GetPayment(ctx, id)
	if err != nil {
		return err
	}
	if p.Status != "captured" {
		return model.ErrConflict
	}
	if err := r.payments.MarkRefunded(ctx, id); err != nil {
		return err
	}
	return r.gateway.Refund(ctx, id, p.Cents)
}

// Quiet: the check is on a timestamp, not a state, and MarkRead moves the
// status: nothing ties the two.
func (r *Refunder) Ship(ctx context.Context, id int64) error {
	n, err := r.notices.GetNotice(ctx, id)
	if err != nil {
		return err
	}
	if n.ReadAt != nil {
		return nil
	}
	if err := r.shipping.CreateShipment(ctx, id); err != nil {
		return err
	}
	return r.notices.MarkRead(ctx, id)
}

// A repository that answers with a count or a found-bool.
type Invitations interface {
	CountPending(ctx context.Context, hostID int64, email string) (int, error)
	HasMember(ctx context.Context, hostID int64, email string) (bool, error)
	Create(ctx context.Context, hostID int64, email string) error
}

type Notifier interface {
	Notify(ctx context.Context, to, msg string) error
}

type Hosts struct {
	invites Invitations
	notify  Notifier
}

// The invitation e-mail goes out before the create: two requests both
// count none and both e-mail.
func (h *Hosts) Invite(ctx context.Context, hostID int64, email string) error {
	n, err := h.invites.CountPending(ctx, hostID, email)
	if err != nil {
		return err
	}
	if n > 0 {
		return model.ErrConflict
	}
	if err := h.notify.Notify(ctx, email, "you are invited"); err != nil {
		return err
	}
	return h.invites.Create(ctx, hostID, email) // want `h\.invites\.CountPending finds nothing, then both requests call notify\.Notify before h\.invites\.Create`
}

// The same with a found-bool.
func (h *Hosts) AddMember(ctx context.Context, hostID int64, email string) error {
	ok, err := h.invites.HasMember(ctx, hostID, email)
	if err != nil || ok {
		return err
	}
	if err := h.notify.Notify(ctx, email, "welcome"); err != nil {
		return err
	}
	return h.invites.Create(ctx, hostID, email) // want `h\.invites\.HasMember finds nothing, then both requests call notify\.Notify before h\.invites\.Create`
}

// Quiet: nothing between the count and the create; the repository's SQL
// may be the gate.
func (h *Hosts) InviteQuietly(ctx context.Context, hostID int64, email string) error {
	n, err := h.invites.CountPending(ctx, hostID, email)
	if err != nil || n > 0 {
		return err
	}
	return h.invites.Create(ctx, hostID, email)
}

// Quiet: the effect runs only when a pending invitation exists (a
// reminder), not on the path that creates one.
func (h *Hosts) Remind(ctx context.Context, hostID int64, email string) error {
	n, err := h.invites.CountPending(ctx, hostID, email)
	if err != nil {
		return err
	}
	if n > 0 {
		return h.notify.Notify(ctx, email, "reminder")
	}
	return h.invites.Create(ctx, hostID, email)
}

// A repository whose create is named Record (or Save, Store, Put).
type ManualPayouts interface {
	ExistsForBooking(ctx context.Context, bookingID int64) (bool, error)
	Record(ctx context.Context, bookingID, cents int64, ref string) error
}

type Transfers interface {
	Transfer(ctx context.Context, bookingID, cents int64) (string, error)
}

type Support struct {
	manual    ManualPayouts
	transfers Transfers
}

// The transfer runs between the check and the record: both requests pay.
func (s *Support) ManualPayout(ctx context.Context, bookingID, cents int64) error {
	paid, err := s.manual.ExistsForBooking(ctx, bookingID)
	if err != nil {
		return err
	}
	if paid {
		return model.ErrConflict
	}
	ref, err := s.transfers.Transfer(ctx, bookingID, cents)
	if err != nil {
		return err
	}
	return s.manual.Record(ctx, bookingID, cents, ref) // want `s\.manual\.ExistsForBooking finds nothing, then both requests call transfers\.Transfer before s\.manual\.Record`
}

// The outcome decided in a tagless switch: a payment found in a failed
// state is charged again, and so is a key with none. Two requests with a
// new key both charge.
func (s *Service) CheckoutRetryFailed(ctx context.Context, key string, cents int64) (*model.Payment, error) {
	p, err := s.payments.ByKey(ctx, key)
	switch {
	case err == nil && p.Status != "failed":
		return p, nil
	case err != nil && !errors.Is(err, model.ErrNotFound):
		return nil, err
	}
	ref, err := s.provider.Charge(ctx, key, cents)
	if err != nil {
		return nil, err
	}
	p = &model.Payment{Key: key, Cents: cents, Ref: ref}
	if err := s.payments.Create(ctx, p); err != nil { // want `s\.payments\.ByKey finds nothing, then both requests call provider\.Charge before s\.payments\.Create`
		return nil, err
	}
	return p, nil
}

// Quiet: every found payment gets past the check of its status (it only
// logs), so the charge does not wait on the read's outcome.
func (s *Service) CheckoutLogStatus(ctx context.Context, key string, cents int64) error {
	p, err := s.payments.ByKey(ctx, key)
	switch {
	case err == nil && p.Status == "failed":
		log.Printf("retrying failed payment %s", key)
	case err != nil && !errors.Is(err, model.ErrNotFound):
		return err
	}
	ref, err := s.provider.Charge(ctx, key, cents)
	if err != nil {
		return err
	}
	return s.payments.Create(ctx, &model.Payment{Key: key, Cents: cents, Ref: ref})
}


type Reminders interface {
	AlreadySent(ctx context.Context, apptID int64, kind string) (bool, error)
	IsMuted(ctx context.Context, ownerID int64) (bool, error)
	Claim(ctx context.Context, apptID int64, kind string) (bool, error)
	Record(ctx context.Context, apptID int64, kind string) error
}

type Texter interface {
	Text(ctx context.Context, to, body string) error
}

type Reminder struct {
	repo Reminders
	sms  Texter
}

// An existence test named for the record's state: two runs both text.
func (r *Reminder) Send(ctx context.Context, apptID int64, phone string) error {
	done, err := r.repo.AlreadySent(ctx, apptID, "24h")
	if err != nil {
		return err
	}
	if done {
		return nil
	}
	if err := r.sms.Text(ctx, phone, "see you tomorrow"); err != nil {
		return err
	}
	return r.repo.Record(ctx, apptID, "24h") // want `r\.repo\.AlreadySent finds nothing, then both requests call sms\.Text before r\.repo\.Record`
}

// Quiet: a predicate on something else (the owner muted reminders) is not
// a test for the record.
func (r *Reminder) SendUnlessMuted(ctx context.Context, ownerID, apptID int64, phone string) error {
	muted, err := r.repo.IsMuted(ctx, ownerID)
	if err != nil || muted {
		return err
	}
	if err := r.sms.Text(ctx, phone, "see you tomorrow"); err != nil {
		return err
	}
	return r.repo.Record(ctx, apptID, "24h")
}

// Quiet: the claim is the atomic gate; the text follows only the winner.
func (r *Reminder) SendClaimed(ctx context.Context, apptID int64, phone string) error {
	won, err := r.repo.Claim(ctx, apptID, "24h")
	if err != nil || !won {
		return err
	}
	return r.sms.Text(ctx, phone, "see you tomorrow")
}

type Bookings interface {
	CountForDay(ctx context.Context, clinicID int64, day string) (int, error)
	Create(ctx context.Context, clinicID int64, day string) error
}

type Waitlist interface {
	Add(ctx context.Context, clinicID int64, day string) error
}

type Booker struct {
	bookings Bookings
	waitlist Waitlist
	capacity int
}

// A count through the repository compared with a limit, then a create on
// it: both requests see room for one more.
func (b *Booker) Book(ctx context.Context, clinicID int64, day string) error {
	n, err := b.bookings.CountForDay(ctx, clinicID, day)
	if err != nil {
		return err
	}
	if n >= b.capacity {
		return errors.New("full")
	}
	return b.bookings.Create(ctx, clinicID, day) // want `capacity check on b\.bookings is a race`
}

// Quiet: the full day sends the request to another repository's list.
func (b *Booker) BookOrWait(ctx context.Context, clinicID int64, day string) error {
	n, err := b.bookings.CountForDay(ctx, clinicID, day)
	if err != nil {
		return err
	}
	if n >= b.capacity {
		return b.waitlist.Add(ctx, clinicID, day)
	}
	return nil
}

// A database-wide interface: what is counted and what is created differ.
type Database interface {
	CountBuildsForRepo(ctx context.Context, repo string) (int, error)
	CreatePipeline(ctx context.Context, repo string) error
	CreateBuild(ctx context.Context, repo string) error
}

// Quiet: the count of builds is compared with the limit, then a pipeline is
// created: not the counted rows.
func CompilePipeline(ctx context.Context, db Database, repo string, limit int) error {
	n, err := db.CountBuildsForRepo(ctx, repo)
	if err != nil || n >= limit {
		return err
	}
	return db.CreatePipeline(ctx, repo)
}

// The counted rows: a build.
func StartBuild(ctx context.Context, db Database, repo string, limit int) error {
	n, err := db.CountBuildsForRepo(ctx, repo)
	if err != nil {
		return err
	}
	if n >= limit {
		return errors.New("too many builds")
	}
	return db.CreateBuild(ctx, repo) // want `capacity check on db is a race`
}
