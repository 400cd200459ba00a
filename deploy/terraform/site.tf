# How people reach the portal: https://<domain_name> is one CloudFront
# distribution. Its default origin is the HTTP API (every page, API route
# and sign-in callback, nothing cached, the viewer's headers, cookies and
# query passed on); the build's static files (/_next/static/… and the public
# folder) come from a private S3 bucket through origin access control,
# cached for a year where Next names them by content hash.

locals {
  asset_files = fileset(var.assets_dir, "**")
  # One cache behaviour per top-level entry of the assets folder: /_next/*,
  # /favicon.ico, … (CloudFront allows 25 by default).
  asset_path_patterns = sort(distinct([
    for f in local.asset_files : length(split("/", f)) > 1 ? "/${split("/", f)[0]}/*" : "/${f}"
  ]))
  content_types = {
    ".css"   = "text/css; charset=utf-8"
    ".js"    = "text/javascript; charset=utf-8"
    ".mjs"   = "text/javascript; charset=utf-8"
    ".map"   = "application/json"
    ".json"  = "application/json"
    ".html"  = "text/html; charset=utf-8"
    ".txt"   = "text/plain; charset=utf-8"
    ".svg"   = "image/svg+xml"
    ".png"   = "image/png"
    ".jpg"   = "image/jpeg"
    ".jpeg"  = "image/jpeg"
    ".gif"   = "image/gif"
    ".webp"  = "image/webp"
    ".avif"  = "image/avif"
    ".ico"   = "image/x-icon"
    ".woff"  = "font/woff"
    ".woff2" = "font/woff2"
    ".ttf"   = "font/ttf"
  }
}

data "aws_cloudfront_cache_policy" "disabled" {
  name = "Managed-CachingDisabled"
}

data "aws_cloudfront_cache_policy" "optimized" {
  name = "Managed-CachingOptimized"
}

# Everything the viewer sent except Host: API Gateway answers only to its own.
data "aws_cloudfront_origin_request_policy" "all_viewer_except_host" {
  name = "Managed-AllViewerExceptHostHeader"
}

# ------------------------------------------------------------ static assets

resource "aws_s3_bucket" "assets" {
  bucket = "${var.function_name}-assets-${local.account}"
}

resource "aws_s3_bucket_public_access_block" "assets" {
  bucket                  = aws_s3_bucket.assets.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "assets" {
  bucket = aws_s3_bucket.assets.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "assets" {
  bucket = aws_s3_bucket.assets.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# Only this distribution may read the bucket.
resource "aws_s3_bucket_policy" "assets" {
  bucket = aws_s3_bucket.assets.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "CloudFrontReadsAssets"
      Effect    = "Allow"
      Principal = { Service = "cloudfront.amazonaws.com" }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.assets.arn}/*"
      Condition = { StringEquals = { "AWS:SourceArn" = aws_cloudfront_distribution.portal.arn } }
    }]
  })
}

resource "aws_s3_object" "assets" {
  for_each = local.asset_files

  bucket       = aws_s3_bucket.assets.id
  key          = each.value
  source       = "${var.assets_dir}/${each.value}"
  etag         = filemd5("${var.assets_dir}/${each.value}")
  content_type = lookup(local.content_types, lower(try(regex("\\.[^./]+$", each.value), "")), "application/octet-stream")
  # Next's build output is named by content hash; anything else is revalidated.
  cache_control = startswith(each.value, "_next/static/") ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate"
}

# ------------------------------------------------------------- CloudFront

resource "aws_cloudfront_origin_access_control" "assets" {
  name                              = "${var.function_name}-assets"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_distribution" "portal" {
  enabled         = true
  comment         = "Karma portal (${var.nickname})"
  aliases         = [var.domain_name]
  http_version    = "http2and3"
  is_ipv6_enabled = true
  price_class     = "PriceClass_100"

  origin {
    origin_id   = "portal"
    domain_name = replace(aws_apigatewayv2_api.portal.api_endpoint, "https://", "")

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
      origin_read_timeout    = 30
    }
  }

  origin {
    origin_id                = "assets"
    domain_name              = aws_s3_bucket.assets.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.assets.id
  }

  default_cache_behavior {
    target_origin_id         = "portal"
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods           = ["GET", "HEAD"]
    cache_policy_id          = data.aws_cloudfront_cache_policy.disabled.id
    origin_request_policy_id = data.aws_cloudfront_origin_request_policy.all_viewer_except_host.id
  }

  dynamic "ordered_cache_behavior" {
    for_each = local.asset_path_patterns
    content {
      path_pattern           = ordered_cache_behavior.value
      target_origin_id       = "assets"
      viewer_protocol_policy = "redirect-to-https"
      allowed_methods        = ["GET", "HEAD"]
      cached_methods         = ["GET", "HEAD"]
      cache_policy_id        = data.aws_cloudfront_cache_policy.optimized.id
      compress               = true
    }
  }

  viewer_certificate {
    acm_certificate_arn      = local.acm_certificate.certificate_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  lifecycle {
    precondition {
      condition     = split(":", local.acm_certificate.certificate_arn)[3] == "us-east-1"
      error_message = "CloudFront takes certificates from us-east-1 only; acm-certificate ${var.acm_certificate_nickname} is elsewhere."
    }
  }
}

# ------------------------------------------------------------------- DNS

resource "aws_route53_record" "portal" {
  for_each = toset(["A", "AAAA"])

  zone_id = data.aws_route53_zone.public.zone_id
  name    = var.domain_name
  type    = each.value

  alias {
    name                   = aws_cloudfront_distribution.portal.domain_name
    zone_id                = aws_cloudfront_distribution.portal.hosted_zone_id
    evaluate_target_health = false
  }
}
