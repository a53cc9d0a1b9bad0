-- One-shot set-up for docker-compose: the orchestrator's database, the ledger's (debit and credit share it), and one
-- for the other workers, each service in its own schema; a login per service that keeps data (fraud keeps none), and
-- one for the migrate command, owner of the three databases. Tables, and each service's rights on its own schema (and
-- nothing else), come from the hosts' migrate command (Persistence:ServiceRoles names the users below).
-- Passwords are sqlcmd scripting variables, read from the environment variables of the same names; none may hold a quote.
IF DB_ID(N'SagasOrchestrator') IS NULL CREATE DATABASE SagasOrchestrator;
IF DB_ID(N'SagasLedger') IS NULL CREATE DATABASE SagasLedger;
IF DB_ID(N'SagasWorkers') IS NULL CREATE DATABASE SagasWorkers;
GO
IF SUSER_ID(N'sagas_migrate') IS NULL CREATE LOGIN sagas_migrate WITH PASSWORD = N'$(SAGAS_SQL_MIGRATE_PASSWORD)';
IF SUSER_ID(N'sagas_orchestrator') IS NULL CREATE LOGIN sagas_orchestrator WITH PASSWORD = N'$(SAGAS_SQL_ORCHESTRATOR_PASSWORD)';
IF SUSER_ID(N'sagas_ledger') IS NULL CREATE LOGIN sagas_ledger WITH PASSWORD = N'$(SAGAS_SQL_LEDGER_PASSWORD)';
IF SUSER_ID(N'sagas_inventory') IS NULL CREATE LOGIN sagas_inventory WITH PASSWORD = N'$(SAGAS_SQL_INVENTORY_PASSWORD)';
IF SUSER_ID(N'sagas_shipping') IS NULL CREATE LOGIN sagas_shipping WITH PASSWORD = N'$(SAGAS_SQL_SHIPPING_PASSWORD)';
IF SUSER_ID(N'sagas_notify') IS NULL CREATE LOGIN sagas_notify WITH PASSWORD = N'$(SAGAS_SQL_NOTIFY_PASSWORD)';
GO
-- Each database: the migrate login as owner (db_owner), and a user for each service whose schema is there, with no
-- rights of its own until migrate grants them on that schema.
USE SagasOrchestrator;
IF USER_ID(N'sagas_migrate') IS NULL CREATE USER sagas_migrate FOR LOGIN sagas_migrate;
ALTER ROLE db_owner ADD MEMBER sagas_migrate;
IF USER_ID(N'sagas_orchestrator') IS NULL CREATE USER sagas_orchestrator FOR LOGIN sagas_orchestrator;
GO
USE SagasLedger;
IF USER_ID(N'sagas_migrate') IS NULL CREATE USER sagas_migrate FOR LOGIN sagas_migrate;
ALTER ROLE db_owner ADD MEMBER sagas_migrate;
IF USER_ID(N'sagas_ledger') IS NULL CREATE USER sagas_ledger FOR LOGIN sagas_ledger;
GO
USE SagasWorkers;
IF USER_ID(N'sagas_migrate') IS NULL CREATE USER sagas_migrate FOR LOGIN sagas_migrate;
ALTER ROLE db_owner ADD MEMBER sagas_migrate;
IF USER_ID(N'sagas_inventory') IS NULL CREATE USER sagas_inventory FOR LOGIN sagas_inventory;
IF USER_ID(N'sagas_shipping') IS NULL CREATE USER sagas_shipping FOR LOGIN sagas_shipping;
IF USER_ID(N'sagas_notify') IS NULL CREATE USER sagas_notify FOR LOGIN sagas_notify;
GO
