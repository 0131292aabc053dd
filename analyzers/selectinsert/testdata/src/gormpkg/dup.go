package gormpkg

import (
	"context"
	"errors"

	"gorm.io/gorm"
)

// SysUser is migrated with AutoMigrate: Username carries a plain index,
// so two users with one name can exist.
type SysUser struct {
	gorm.Model
	Username string `json:"userName" gorm:"index;comment:login name"`
	Email    string `gorm:"size:128"`
}

// Coupon's code is unique; Member's (org_id, user_id) is one unique index.
type Coupon struct {
	ID   uint
	Code string `gorm:"uniqueIndex;size:32"`
	Used bool
}

type Member struct {
	ID     uint
	OrgID  uint `gorm:"uniqueIndex:idx_org_user"`
	UserID uint `gorm:"uniqueIndex:idx_org_user"`
	Role   string
}

// Follow has a non-unique composite index.
type Follow struct {
	ID         uint
	FollowerID uint `gorm:"index:idx_follow"`
	FolloweeID uint `gorm:"index:idx_follow"`
}

var ErrUserExists = errors.New("user exists")

// ---- duplicate-insert: firing shapes ----

// The admin template's register: the name is checked, then created; the
// index on username is not unique.
func (s *Svc) Register(u SysUser) (SysUser, error) {
	var user SysUser
	if !errors.Is(s.db.Where("username = ?", u.Username).First(&user).Error, gorm.ErrRecordNotFound) {
		return u, ErrUserExists
	}
	err := s.db.Create(&u).Error // want `read of sys_users then insert on not-found leaves duplicate rows: username has gorm:"index", not uniqueIndex; add a unique index and ON CONFLICT DO NOTHING`
	return u, err
}

// Count == 0 over a composite non-unique index, then Create; the
// notification after it goes out for both rows.
func (s *Svc) FollowUser(ctx context.Context, follower, followee uint, email string) error {
	var n int64
	if err := s.db.WithContext(ctx).Model(&Follow{}).Where("follower_id = ? AND followee_id = ?", follower, followee).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if err := s.db.WithContext(ctx).Create(&Follow{FollowerID: follower, FolloweeID: followee}).Error; err != nil { // want `read of follows then insert on not-found leaves duplicate rows: follower_id has gorm:"index", not uniqueIndex`
		return err
	}
	return s.mailer.SendReceipt(ctx, email)
}

// ---- duplicate-insert: near misses ----

// uniqueIndex on the code: the second Create fails.
func (s *Svc) IssueCoupon(code string) error {
	var c Coupon
	err := s.db.Where("code = ?", code).First(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return s.db.Create(&Coupon{Code: code}).Error
	}
	return err
}

// A composite uniqueIndex covers (org_id, user_id), with a role filter.
func (s *Svc) AddMember(orgID, userID uint) error {
	var m Member
	err := s.db.Where("org_id = ? AND user_id = ? AND role <> 'left'", orgID, userID).First(&m).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return s.db.Create(&Member{OrgID: orgID, UserID: userID, Role: "member"}).Error
	}
	return err
}

// The e-mail has no index tag at all and the module keeps no SQL schema:
// nothing shows it to be unique, so the loser of two concurrent calls fails
// on a unique key nothing expects, or adds a second row.
func (s *Svc) EnsureUserByEmail(email string) error {
	var u SysUser
	err := s.db.Where("email = ?", email).First(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return s.db.Create(&SysUser{Email: email}).Error // want `read of sys_users then insert is a race: a concurrent insert makes this one fail`
	}
	return err
}

// Read-only: the name is looked up, nothing is created.
func (s *Svc) UserExists(name string) (bool, error) {
	var user SysUser
	err := s.db.Where("username = ?", name).First(&user).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return false, nil
	}
	return err == nil, err
}

// Notice is looked up with its error dropped (Artalk's dao): the zero value
// is "not found", and the row says so itself.
type Notice struct {
	ID        uint
	CommentID uint `gorm:"index"`
	Key       string
	IsRead    bool
}

func (n Notice) IsEmpty() bool { return n.ID == 0 }

func (s *Svc) findNotice(commentID uint, key string) Notice {
	var n Notice
	s.db.Where(Notice{CommentID: commentID, Key: key}).First(&n)
	return n
}

// The row was found (IsEmpty returned first), and Save of it is an UPDATE:
// quiet, whatever IsRead says.
func (s *Svc) MarkNoticeRead(commentID uint, key string) error {
	n := s.findNotice(commentID, key)
	if n.IsEmpty() {
		return errors.New("not found")
	}
	if n.IsRead {
		return nil
	}
	n.IsRead = true
	return s.db.Save(&n).Error
}

// The row's IsEmpty() says it was not found, and the insert follows: two
// concurrent requests both create the notice.
func (s *Svc) NoticeOnce(commentID uint, key string) error {
	if n := s.findNotice(commentID, key); !n.IsEmpty() {
		return nil
	}
	return s.db.Create(&Notice{CommentID: commentID, Key: key}).Error // want `read of notices then insert on not-found leaves duplicate rows: comment_id has gorm:"index"`
}
