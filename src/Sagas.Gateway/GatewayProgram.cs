using Microsoft.Extensions.Options;
using Sagas.Observability;
using Sagas.Observability.CommandLine;

namespace Sagas.Gateway;

/// <summary>
/// The gateway host: the one address users call, in front of the orchestrator replicas, the ledger and the inventory.
/// <c>dotnet Sagas.Gateway.dll</c>; <c>--help</c> prints its usage; a verb (it knows none) or a configuration it cannot
/// route with ends it with exit code 2 and one line on stderr.
/// </summary>
public static class GatewayProgram
{
    /// <summary>Names this process in configuration errors; Sagas.Observability's service name goes with it.</summary>
    public const string HostName = "sagas-gateway";

    /// <summary>Exit code of a gateway that refused its configuration, as the other hosts do.</summary>
    public const int ConfigurationError = HostArguments.UsageError;

    public static async Task<int> Main(string[] args)
    {
        if (await HostArguments.Read(args).AnswerAsync(HostName, GatewayUsage.Text) is { } answered)
            return answered;

        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (OptionsValidationException invalid)
        {
            await Console.Error.WriteLineAsync($"{HostName}: configuration error: {invalid.Message}");
            return ConfigurationError;
        }
        await using (app)
            await app.RunAsync();
        return 0;
    }

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddSagasObservability(HostName);
        builder.AddGateway();
        var app = builder.Build();
        app.MapGateway();
        app.MapSagasObservability();
        return app;
    }
}
