// Package users is a GORM repository.
package users

import (
	"context"

	"gorm.io/gorm"
)

// User is one row of users.
type User struct {
	ID    uint
	Email string
}

// Repo reads and writes users.
type Repo struct {
	DB *gorm.DB
}

// ByEmail finds a user; gorm.ErrRecordNotFound when there is none.
func (r *Repo) ByEmail(ctx context.Context, email string) (*User, error) {
	var u User
	err := r.DB.WithContext(ctx).Where("email = ?", email).First(&u).Error
	return &u, err
}

// Create inserts a user.
func (r *Repo) Create(ctx context.Context, u *User) error {
	return r.DB.WithContext(ctx).Create(u).Error
}
