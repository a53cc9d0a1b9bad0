using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sagas.Persistence;
using Sagas.Workers.Fraud;
using Sagas.Workers.Inventory;
using Sagas.Workers.Ledger;
using Sagas.Workers.Notify;
using Sagas.Workers.Shipping;

namespace Sagas.Workers;

public static class WorkerServiceCollectionExtensions
{
    /// <summary>
    /// Registers what the workers need whatever roles run: options, each worker's database, the domain services
    /// (LedgerService and InventoryService also serve the HTTP API) and the logging notification sink unless the
    /// host registered another. The host calls <c>AddWorkerConsumers</c>.
    /// </summary>
    public static IServiceCollection AddWorkers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section)
            .Configure(options => AcceptCommaSeparatedRoles(options, configuration))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FraudOptions>().BindConfiguration(FraudOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ShippingOptions>().BindConfiguration(ShippingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        services.AddServiceDatabase<LedgerDbContext>(LedgerDbContext.Service);
        services.AddServiceDatabase<InventoryDbContext>(InventoryDbContext.Service);
        services.AddServiceDatabase<ShippingDbContext>(ShippingDbContext.Service);
        services.AddServiceDatabase<NotifyDbContext>(NotifyDbContext.Service);

        services.AddScoped<LedgerService>();
        services.AddScoped<Postings>();
        services.AddScoped<Debits>();
        services.AddScoped<Credits>();
        services.AddSingleton<FraudRules>();
        services.AddScoped<InventoryService>();
        services.AddScoped<StockReservations>();
        services.AddScoped<Shipments>();
        services.AddScoped<Notifications>();
        services.TryAddSingleton<INotificationSink, LoggingNotificationSink>();
        return services;
    }

    // "Workers:Roles" may be one comma-separated string (an environment variable), which binding leaves unset.
    static void AcceptCommaSeparatedRoles(WorkerOptions options, IConfiguration configuration)
    {
        if (configuration.GetSection(WorkerOptions.Section)[nameof(WorkerOptions.Roles)] is { } commaSeparated)
            options.Roles = [commaSeparated];
    }
}
