-- One-shot database creation for docker-compose: the orchestrator's database, the ledger's (debit and credit share
-- it), and one for the other workers, each in its own schema. Tables come from the hosts' migrate command.
IF DB_ID(N'SagasOrchestrator') IS NULL CREATE DATABASE SagasOrchestrator;
IF DB_ID(N'SagasLedger') IS NULL CREATE DATABASE SagasLedger;
IF DB_ID(N'SagasWorkers') IS NULL CREATE DATABASE SagasWorkers;
GO
