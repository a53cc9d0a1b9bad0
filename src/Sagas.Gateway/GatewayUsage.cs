namespace Sagas.Gateway;

/// <summary>What <c>--help</c> prints for the gateway.</summary>
internal static class GatewayUsage
{
    public static string Text => $"""
        Usage: dotnet Sagas.Gateway.dll [--Section:Key=value ...]

        {GatewayProgram.HostName}: the one address users call, in front of the orchestrator replicas, the ledger and the
        inventory. It runs until Ctrl+C or SIGTERM; --help prints this text and exits.

        Settings are free-form configuration, as in any ASP.NET Core host: --Section:Key=value, --Section:Key value,
        or the environment variable Section__Key. The usual ones:
          --Urls=http://0.0.0.0:8080                             where the gateway listens
          --Gateway:Services:orchestrator:0=http://host:port     a destination of a service (also :1, :2 ...);
                                                                 every one of {string.Join(", ", GatewayRoutes.Services)} needs one
          --Gateway:HealthProbeInterval=00:00:05                 how often destinations are probed
          --Gateway:RequestTimeout=00:00:30                      how long a service may take before the gateway answers 503
          --Logging:LogLevel:Yarp=Information                    a library's log level (libraries log at Warning)
        src/Sagas.Gateway/README.md describes every setting.
        """;
}
