/**
 * The next steps of Deal Scout's scenarios (003), with the runbook's commands word for word; a step a
 * person decides on names who does it. Shown on the incident screen in this order, never run.
 */

export const ERROR_RATE_STEPS = [
  "Grafana dashboard: error rate trend (last 1 hour), which endpoints are failing",
  "curl -s http://localhost:8000/health | jq . (check: db, redis, queue_depth)",
  "docker-compose logs --tail 100 backend | grep ERROR (or tail -100 /var/log/deal-scout/app.log | grep ERROR)",
  "On-call engineer: Identify Error Pattern (all endpoints or specific ones? new errors or an existing issue escalating? a specific time or event?)",
  'psql $DATABASE_URL -c "SELECT 1" · redis-cli ping · curl -s https://api.ebay.com/api/health',
  "On-call engineer: Review Code Changes (git log --oneline -10; git diff HEAD~1..HEAD)",
  'On-call engineer, specific endpoint failing: docker-compose logs backend | grep "<endpoint>"; docker-compose ps (image version)',
  "Transient: docker-compose restart backend, then watch -n 5 'curl -s http://localhost:8000/metrics | grep \"request.*5\"'",
  "Still > 5% after 15 minutes: page on-call engineer, consider rollback, failover to previous deployment",
];

export const HEALTH_STEPS = [
  'docker-compose ps postgres · docker-compose logs postgres · psql $DATABASE_URL -c "SELECT 1"',
  "echo $DATABASE_URL · docker-compose exec backend curl -v postgres:5432",
  "Database down: stop application traffic (drain connections at the load balancer)",
  "docker-compose exec postgres du -sh /var/lib/postgresql/data · docker-compose logs postgres | tail -50",
  "SELECT * FROM pg_locks; SELECT * FROM pg_stat_activity WHERE state != 'idle';",
  "Redis: docker-compose ps redis · redis-cli ping · docker-compose logs redis · redis-cli info memory",
];
