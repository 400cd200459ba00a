# Syncs on a schedule. A function has no background loop (it runs only while
# it answers), so the function is started on sync_schedule_expression with a
# sync request instead of KARMA_SYNC_INTERVAL_SECONDS. The event is what
# Karma's entry point (scripts/lambda/karma-handler.mjs, the handler
# karma-handler.handler) answers by running one sync in the function.

locals {
  sync_event = { karma = "sync" }
}

resource "aws_cloudwatch_event_rule" "sync" {
  count = var.sync_schedule_expression == null ? 0 : 1

  name                = "${var.function_name}-sync"
  description         = "Karma ${var.nickname}: sync the graph from SSM"
  schedule_expression = var.sync_schedule_expression
}

resource "aws_cloudwatch_event_target" "sync" {
  count = var.sync_schedule_expression == null ? 0 : 1

  rule  = aws_cloudwatch_event_rule.sync[0].name
  arn   = aws_lambda_function.portal.arn
  input = jsonencode(local.sync_event)
}

resource "aws_lambda_permission" "sync" {
  count = var.sync_schedule_expression == null ? 0 : 1

  statement_id  = "AllowScheduledSync"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.portal.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.sync[0].arn
}
