module example.com/lined

go 1.24
