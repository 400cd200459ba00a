# Karma's own component module (README "Deployment → Terraform module").
# Adage applies a component type's module as the root module, once per
# nickname, with the component's config.json as its variable file; the state
# backend is configured by the pipeline at `terraform init -backend-config=…`.

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0, < 7.0"
    }
    archive = {
      source  = "hashicorp/archive"
      version = ">= 2.4, < 3.0"
    }
  }

  backend "s3" {}
}

# Region and credentials from the pipeline's environment (AWS_REGION, the
# deployer role). Every resource carries the component's tags.
provider "aws" {
  default_tags {
    tags = var.tags
  }
}
