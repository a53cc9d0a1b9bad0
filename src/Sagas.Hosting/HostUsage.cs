using System.Reflection;

namespace Sagas.Hosting;

/// <summary>What <c>--help</c> prints for a host of the platform.</summary>
internal static class HostUsage
{
    public static string Text(string hostName, string runs, IReadOnlyList<IHostVerb> verbs) => $"""
        Usage: dotnet {Executable(hostName)}.dll [{string.Join(" | ", verbs.Select(verb => verb.Name).Prepend(HostCommandLine.MigrateVerb))}] [--Section:Key=value ...]

        {hostName}: {runs}.
          (no command)      run until Ctrl+C or SIGTERM; ready once /health/ready answers 200
          {HostCommandLine.MigrateVerb}           bring the schema of every service it runs up to date, then exit{string.Concat(verbs.Select(verb => $"\n  {verb.Name,-18}{verb.Description}"))}
          --help            print this text and exit

        Settings are free-form configuration, as in any ASP.NET Core host: --Section:Key=value, --Section:Key value,
        or the environment variable Section__Key. The usual ones:
          --Urls=http://0.0.0.0:8080                 where the API, health and metrics listen
          --Kafka:BootstrapServers=host:9092         the Kafka cluster (unset, the standalone host starts an embedded one)
          --Persistence:Provider=Sqlite|PostgreSql|SqlServer
          --Persistence:DataDirectory=./data         where SQLite keeps its files
          --Persistence:ConnectionString=TEXT        a database server; ConnectionStrings:<service> for one service
          --Logging:LogLevel:Quartz=Information      a library's log level (libraries log at Warning)
        README.md and infra/README.md describe every setting.
        """;

    static string Executable(string hostName) => Assembly.GetEntryAssembly()?.GetName().Name ?? hostName;
}
