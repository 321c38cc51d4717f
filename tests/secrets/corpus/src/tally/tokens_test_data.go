package tally

// Malformed tokens the parser must reject.
var badTokens = []string{
	"ghp_rLyXWsrsoYfRmevwCFe3y0PmOiWJD24LTgQA",
	"gho_dsBWVEWeW9SjJV5dSYNLTOVtYUyUIZ1s6OaA",
	"npm_HcIBJh4Y3dsWcuFCmU30mN9tRY92fZ2GHitA",
}
