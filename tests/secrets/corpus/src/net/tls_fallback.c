/* Built-in fallback identity, used when /etc/tally/tls is empty. */
#include <stddef.h>

static const char fallback_key_pem[] =
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEowIBAAKCAQEApBtdx8Yh63nU6yZU3ieA2i7/cBKk9Ll+M5+T9y+oCllNQg+p\n"
    "fbxyp+YTaS/+oMsu+uIa1N91mvx12tmcFQas9+qW5iuQYm24WowJVSN/sqchz9l5\n"
    "OCr9DAdbh9mgeegx+brwyymcw++qo/K/639JWGUQwSTXY8ZT7MHhgaZ1A4s/Tt4g\n"
    "+aQ5JONVUErXq3lQDXzFhC71ZebZYt06Y5YN27FBUxZ/xRIm65GM3T3VCtng/gNZ\n"
    "f3cDT+4T2qCKYxVehsbp07UPNGJa8vs/mRIHUx+msb/pA3N7vMmwkGnzob2a3AtK\n"
    "/xBTbzSiIB1CKiB7GADm4MtO2mTtZl8sVKFOUQIDAQABAoIBAA1pXySwgJ0p+8ir\n"
    "/UualuE97gpOu8R0VGgLpqAQ+P6/hZzcgtGP0R7/op56Gakycch3KhIzoPzlnQwh\n"
    "tKvTO9eXCHYPIWGp7eMYhrq6h/klx5GhCFMa0EtnXoeftYnA/DSYno07/V/V+nAj\n"
    "qqOoZ2od+FyQkjnJP5qdzbw2ymFbonRALj2CqzYLJHb7NTOSYKjYePl9Y/lZJFLa\n"
    "IdZ6X/KEFHNBn45TQCVelhtaylFWW7O9fdHnEcVO6tPlYmkkCPX8CLQju4NM8NCi\n"
    "ER8ruyh9hCQeRkhSz6dCZxP+LsCe8DDVf3ghPOmcZ+GIWlL7bkhUZvVsAkmKxtYE\n"
    "2QSTMUECgYEAzb4IJRSl0SOLC3AKpr/pMBOy7aaOwE0PhCDq+SWcIPhkC/D5ybU3\n"
    "o35BZWVo6dRCf77EfxSrJRwnDiJPzTM3HO4FI+I2salMSFj5dtfQ0XZzc25BThTO\n"
    "r2fuDt59BQ+t1sPiUzftJdFEroVeifNgVxzBai0lD6VGuNZ3bvNi29UCgYEAzDGw\n"
    "lVZTEV0AmtaEDczNSziikBOearCXNJCZIOb5zzYVn1U0F8LcsISB41AFl3eQEKgm\n"
    "f3DfMYq8Hj+qfKLYnIFibvHa6q+U0w1YsMwclRAR4b1bT9zPoBF2MMepHs6WUrsp\n"
    "huZEZR3HWTk6bLoDL9i0uBLo/De+Zv9h9F+0Uo0CgYEArEFMZG9THTTa92qJIG9Q\n"
    "9zWm+x4WKp7aPM+qq4p3m4sbiHvrRpv4x2OvsQskuZFDU90Oey980wctE8Jaef1F\n"
    "SW1m1FJTZI/QFEqaIowygwzfQGexOYRmP6mOQNi6Z4BnFYbPeMk8Pgtlq5ByRKGF\n"
    "qamjrhe6Dc1c1uiI+lXAETkCgYA63XRHiOxHjCUZfg/xnoHsVnZezJkVrrTYXXsX\n"
    "hh6sAq53EWwEEZPnezuqmS4TfU9VzfPTN2nQcWtL2RS/+34wmAgVbbmrgFSKB0Xz\n"
    "KdRvkINnLVx+iGx+e6oz48s4a1vgm74b+pPrBouqiBn0sCctCu8GRcVOuI82SBco\n"
    "CNMGHQKBgEwzTBzBq0M4o3UDUvHDkhoaGSj+BqoQfU0lMPpAbYjUOkvO1Uj1ruNO\n"
    "VDBbIdY5CHPUBUcMRLs4ph4B/KUlTkWS1ENwYlYC56LCVsUEQ5Dy6jjOqIXkKiPC\n"
    "L+nZfSxszk903RZXSI91SOJ4nWU/+k5S3T33iwBEpZaiZBSV/r+T\n"
    "-----END RSA PRIVATE KEY-----\n"
    ;

const char *tally_fallback_key(size_t *len)
{
    *len = sizeof fallback_key_pem - 1;
    return fallback_key_pem;
}
