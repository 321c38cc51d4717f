variable "db_password" {
  type      = string
  sensitive = true
  default   = "SF3EC2xCqmSkRE3LkHNot43I"
}

variable "api_key" {
  type = string
  default = ""
}
locals { key = var.api_key }
