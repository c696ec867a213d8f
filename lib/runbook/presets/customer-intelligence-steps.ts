/**
 * 004's diagnosis and fix commands, word for word, as the next steps of each scenario. Railway, its
 * dashboard and Azure are outside warroom: these are steps for a person, never run. `…` in a URL is the
 * runbook's own elision of the API's host.
 */

export const P0_STEPS = [
  "railway login · railway link · railway status (expected: Status: Running; Crashed or Deploying)",
  'railway logs --tail 100: "error", "exception", "crash", "killed", "Database connection failed", "Out of memory", "Permission denied"',
  "curl https://ecommerce-backend-staging-a14c.up.railway.app/health (JSON with an error: running but unhealthy)",
  "Cause A, database: railway run -- pg_isready -h switchyard.proxy.rlwy.net -p 47164",
  "Cause A: Dashboard → Database → Status; pool exhausted: railway restart",
  "Cause B, out of memory: Dashboard → Metrics → Memory; consistently >90%: Dashboard → Settings → Resources → Memory Limit (512MB → 1GB), railway restart",
  "Cause B: railway logs | grep -i memory",
  "Cause C, variable missing: railway variables (DATABASE_URL, ANTHROPIC_API_KEY, ADMIN_KEY, ALLOWED_ORIGINS)",
  'Cause C: railway variables set VARIABLE_NAME="value" (restarts automatically; wait 30 seconds)',
  'Cause D, failed deployment: Dashboard → Deployments → [Previous deployment] → "Redeploy"',
  "Cause D: railway logs --deployment <deployment-id>",
  "Cause E, sync hung: railway run -- ps aux | grep sync_combined_sales",
  "Cause E: railway run -- pkill -f sync_combined_sales, then railway restart",
];

export const P1_STEPS = [
  'time curl https://ecommerce-backend-staging-a14c.up.railway.app/api/mcp/customer/random -H "X-API-Key: $ADMIN_KEY" ×5 (normal: <500ms, degraded: >2000ms)',
  "curl https://ecommerce-backend-staging-a14c.up.railway.app/metrics | grep http_request_duration (p95/p99)",
  '/admin/db/pool -H "X-Admin-Key: $ADMIN_KEY": "checked_out": 30 of pool_size 30 is bad',
  '/admin/cache/stats -H "X-Admin-Key: $ADMIN_KEY": "hit_rate": 0.75 good, 0.1 bad',
  "Cause A, Redis down: railway run redis-cli ping (expected: PONG); down: railway restart redis",
  "Cause B, pool exhausted: railway variables set DB_POOL_SIZE=50 · railway variables set DB_MAX_OVERFLOW=30",
  'Cause C, slow queries (query_duration_ms > 1000): railway logs | grep "query_duration_ms" | grep -E "[0-9]{4,}" | tail -20',
  'Cause C: railway run -- psql $DATABASE_URL -c "\\d+ fact_customer_current"',
  "Cause C: CREATE INDEX CONCURRENTLY idx_customer_ltv ON fact_customer_current(lifetime_value DESC);",
];

export const RATE_LIMIT_STEPS = [
  'railway logs | grep "rate_limit_exceeded" | tail -50 (which IPs hit the limits)',
  "legitimate traffic: increase rate limits (backend/main.py rate limit decorators), then railway up",
  "abuse: block the IP in Railway (Dashboard → Networking → IP Allowlist)",
];

export const P2_DATA_STEPS = [
  "curl https://ecommerce-backend-staging-a14c.up.railway.app/health | jq '.data_status' (last_sync_at, customers_loaded)",
  'railway logs | grep "sync" | tail -50 ("✅ Sync completed", "❌ Sync failed", Azure SQL errors)',
  'curl https://.../api/mcp/customer/{customer_id} -H "X-API-Key: $ADMIN_KEY" (lifetime_value, total_orders as expected)',
  'Manual sync: the board\'s runbook action "Trigger a manual sales sync" (curl -X POST https://.../admin/sync-sales -H "X-Admin-Key: $ADMIN_KEY"), then railway logs --tail',
  'Azure SQL: railway run -- python3 -c "import pymssql …" (test the connection); railway variables | grep AZURE_SQL',
  'Azure SQL: Azure Portal → SQL Database → Networking → Firewall (Railway IP ranges); railway variables set AZURE_SQL_PASSWORD="correct_password"',
];

export const P2_AUTH_STEPS = [
  'railway logs | grep "invalid_api_key_attempted" | tail -20 (the customer gives the first 10 characters only)',
  'curl https://.../api/mcp/customer/random -H "X-API-Key: sk_customer_provided_key" (200 OK; 401 invalid; 403 valid but unauthorized)',
  "railway variables | grep ADMIN_KEY; send the right key via a secure channel (NOT email/Slack); warroom never shows it",
];
