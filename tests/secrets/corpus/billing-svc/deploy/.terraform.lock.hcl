provider "registry.terraform.io/hashicorp/aws" {
  version = "5.80.0"
  hashes = [
    "h1:UzOcE6ZCTf09NiWXY5XEj+Tcy5P5DpF7H9I8jTIhOgs=",
    "zh:c4e84162589ebc9893a34758a44c7b41cf1664ffb2c01c0a265133787566cb82",
    "zh:e380f96f110d4459d474f446626550277e27628dbb7141e414f63c55595eca99",
  ]
}
