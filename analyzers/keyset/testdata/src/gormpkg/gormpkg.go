// Package gormpkg holds GORM cursor chains.
package gormpkg

import (
	"time"

	"gorm.io/gorm"
)

type Post struct {
	ID        uint
	Slug      string `gorm:"uniqueIndex"`
	Rank      int    `gorm:"uniqueIndex:idx_feed_rank"`
	FeedID    int    `gorm:"uniqueIndex:idx_feed_rank"`
	Seq       int64  `gorm:"unique"`
	CreatedAt time.Time
}

func Page(db *gorm.DB, before time.Time, n int) ([]Post, error) {
	var posts []Post
	err := db.Where("created_at < ?", before).Order("created_at desc").Limit(n).Find(&posts).Error // want `cursor on created_at, which is not unique`
	return posts, err
}

func PageTiebreak(db *gorm.DB, feed int, before time.Time) ([]Post, error) {
	var posts []Post
	err := db.Where("feed_id = ?", feed).Where("created_at < ?", before).Order("created_at desc, id desc").Limit(20).Find(&posts).Error // want `cursor compares only created_at, not the ORDER BY tiebreaker id`
	return posts, err
}

// A composite unique index does not make one of its columns unique.
func ByRank(db *gorm.DB, rank int) ([]Post, error) {
	var posts []Post
	err := db.Where("rank > ?", rank).Order("rank").Order("feed_id").Limit(20).Find(&posts).Error // want `cursor on rank`
	return posts, err
}

// --- near-misses ---

func PageRow(db *gorm.DB, last Post) ([]Post, error) {
	var posts []Post
	err := db.Where("(created_at, id) < (?, ?)", last.CreatedAt, last.ID).Order("created_at desc, id desc").Limit(20).Find(&posts).Error
	return posts, err
}

func PageExpanded(db *gorm.DB, last Post) ([]Post, error) {
	var posts []Post
	err := db.Where("created_at < ? OR (created_at = ? AND id < ?)", last.CreatedAt, last.CreatedAt, last.ID).Order("created_at desc, id desc").Limit(20).Find(&posts).Error
	return posts, err
}

// Tagged unique columns.
func BySlug(db *gorm.DB, after string) ([]Post, error) {
	var posts []Post
	err := db.Where("slug > ?", after).Order("slug").Order("created_at").Limit(20).Find(&posts).Error
	return posts, err
}

func BySeq(db *gorm.DB, after int64) ([]Post, error) {
	var posts []Post
	err := db.Where("seq > ?", after).Order("seq, created_at").Limit(20).Find(&posts).Error
	return posts, err
}

// Offset paging.
func Offset(db *gorm.DB, before time.Time, page int) ([]Post, error) {
	var posts []Post
	err := db.Where("created_at < ?", before).Order("created_at desc").Offset(page * 20).Limit(20).Find(&posts).Error
	return posts, err
}

// An Or makes the cursor one side of a disjunction.
func Or(db *gorm.DB, before time.Time) ([]Post, error) {
	var posts []Post
	err := db.Where("created_at < ?", before).Or("pinned = ?", true).Order("created_at desc").Limit(20).Find(&posts).Error
	return posts, err
}

// An Order the check cannot read.
func DynamicOrder(db *gorm.DB, before time.Time, order string) ([]Post, error) {
	var posts []Post
	err := db.Where("created_at < ?", before).Order(order).Limit(20).Find(&posts).Error
	return posts, err
}

// First is LIMIT 1.
func Next(db *gorm.DB, after time.Time) (Post, error) {
	var p Post
	err := db.Where("created_at > ?", after).Order("created_at").First(&p).Error
	return p, err
}

// No Limit.
func All(db *gorm.DB, after time.Time) ([]Post, error) {
	var posts []Post
	err := db.Where("created_at > ?", after).Order("created_at").Find(&posts).Error
	return posts, err
}

// A Where the check cannot read.
func DynamicWhere(db *gorm.DB, cond string, before time.Time) ([]Post, error) {
	var posts []Post
	err := db.Where("created_at < ?", before).Where(cond).Order("created_at desc").Limit(20).Find(&posts).Error
	return posts, err
}

// Raw SQL in a chain.
func RawPage(db *gorm.DB, before time.Time) ([]Post, error) {
	var posts []Post
	err := db.Raw("SELECT * FROM posts WHERE created_at < ? ORDER BY created_at DESC LIMIT 20", before).Scan(&posts).Error // want `cursor on created_at, which is not unique`
	return posts, err
}

func RawPageRow(db *gorm.DB, last Post) ([]Post, error) {
	var posts []Post
	err := db.Raw("SELECT * FROM posts WHERE (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT 20", last.CreatedAt, last.ID).Scan(&posts).Error
	return posts, err
}
