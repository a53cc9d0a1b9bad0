using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sagas.Hosting.Workers;
using Sagas.Kafka;
using Sagas.Messaging;
using Sagas.Orchestrator.Orders;
using Sagas.Orchestrator.Transfers;
using Sagas.Outbox;
using Sagas.Persistence;
using Sagas.Scheduling;

namespace Sagas.Deployment.Tests;

/// <summary>
/// Each host service's environment, given to the real host's composition as its configuration: every key is one the
/// host binds, and the host's own start-up validation accepts the result.
/// </summary>
public partial class When_the_hosts_read_the_compose_environment
{
    static readonly Dictionary<string, Type> OptionsBySection = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Kafka"] = typeof(KafkaOptions),
        ["Persistence"] = typeof(PersistenceOptions),
        ["Topics"] = typeof(TopicOptions),
        ["Workers"] = typeof(WorkerOptions),
        ["Transfers"] = typeof(TransferOptions),
        ["Orders"] = typeof(OrderOptions),
        ["Scheduling"] = typeof(SchedulingOptions),
        ["Host"] = typeof(HostOptions),
        ["Outbox"] = typeof(OutboxOptions),
    };

    // Read by ASP.NET Core itself (Urls) or by the OpenTelemetry SDK (OTEL_*), not by our options classes.
    static readonly string[] PlatformKeys = ["Urls"];
    const string OpenTelemetryPrefix = "OTEL_";

    readonly ComposeFile _compose = ComposeFile.Load();

    public static TheoryData<string> HostServices()
    {
        var compose = ComposeFile.Load();
        return new TheoryData<string>(HostProject.All.SelectMany(project => compose.HostsOf(project.Name)));
    }

    [Theory]
    [MemberData(nameof(HostServices))]
    public async Task Every_key_binds_and_the_host_accepts_its_configuration(string service)
    {
        var settings = _compose.Environment(service)
            .Where(pair => !pair.Key.StartsWith(OpenTelemetryPrefix, StringComparison.Ordinal) && !PlatformKeys.Contains(pair.Key))
            .ToDictionary(pair => pair.Key.Replace("__", ":", StringComparison.Ordinal), pair => Interpolated(pair.Value));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings!).Build();
        // Workers:Roles may be one comma-separated string, which the host reads itself (above) and the binder cannot.
        var bindable = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Where(pair => pair.Key != "Workers:Roles").Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value)))
            .Build();
        foreach (var section in bindable.GetChildren().Where(section => section.Key != "ConnectionStrings"))
        {
            Assert.True(OptionsBySection.TryGetValue(section.Key, out var optionsType), $"{service}: no host reads the '{section.Key}' section");
            section.Get(optionsType, binder => binder.ErrorOnUnknownConfiguration = true);
        }

        await using var app = Build(service, settings);
        var databases = app.Services.GetServices<ServiceDatabaseRegistration>().Select(database => database.Service).ToHashSet();
        foreach (var connectionString in configuration.GetSection("ConnectionStrings").GetChildren())
            Assert.Contains(connectionString.Key, databases);

        // The hosts' own start-up checks: a Kafka cluster, a connection string per database, a shutdown that outlasts the drain.
        _ = app.Services.GetRequiredService<IOptions<KafkaOptions>>().Value;
        _ = app.Services.GetRequiredService<IOptions<PersistenceOptions>>().Value;
        _ = app.Services.GetRequiredService<IOptions<SchedulingOptions>>().Value;
    }

    WebApplication Build(string service, Dictionary<string, string> settings)
    {
        var args = settings.Select(pair => $"--{pair.Key}={pair.Value}").ToArray();
        return HostProject.Named(_compose.ProjectOf(service))!.Build(args);
    }

    /// <summary>Compose's <c>${VARIABLE:-default}</c> with the variable unset, as on a fresh checkout.</summary>
    static string Interpolated(string value) => DefaultPattern().Replace(value, match => match.Groups["default"].Value);

    [GeneratedRegex(@"\$\{[A-Z_]+:-(?<default>[^}]*)\}")]
    private static partial Regex DefaultPattern();
}
