module sqlmigr

go 1.24
