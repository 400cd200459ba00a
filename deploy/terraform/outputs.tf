# The same outputs as the runtime parameter (runtime.tf), for the pipeline's log.

output "url" {
  description = "The portal's address (NEXTAUTH_URL)."
  value       = local.runtime.url
}

output "function_name" {
  description = "The Lambda function serving the portal."
  value       = local.runtime.function_name
}

output "function_arn" {
  description = "The function's ARN."
  value       = local.runtime.function_arn
}

output "role_arn" {
  description = "The function's execution role."
  value       = local.runtime.role_arn
}

output "api_endpoint" {
  description = "The HTTP API's own address (CloudFront's origin)."
  value       = local.runtime.api_endpoint
}

output "cloudfront_distribution_id" {
  description = "The distribution in front of the portal (for invalidations)."
  value       = local.runtime.cloudfront_distribution_id
}

output "cloudfront_domain_name" {
  description = "The distribution's own host name, which domain_name points to."
  value       = local.runtime.cloudfront_domain_name
}

output "assets_bucket_name" {
  description = "The bucket the static assets are served from."
  value       = local.runtime.assets_bucket_name
}

output "security_group_id" {
  description = "The function's security group (let in to the Neptune cluster on its port)."
  value       = local.runtime.security_group_id
}

output "log_group_name" {
  description = "The function's log group."
  value       = local.runtime.log_group_name
}
