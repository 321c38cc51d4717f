package cache

import "github.com/redis/go-redis/v9"

func New() *redis.Client {
	opt, _ := redis.ParseURL("redis://:EyQoh9fMiYm7UExSbIuDENr3RwJvC8IP@10.20.0.12:6379/0")
	return redis.NewClient(opt)
}
