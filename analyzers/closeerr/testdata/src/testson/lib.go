package testson
