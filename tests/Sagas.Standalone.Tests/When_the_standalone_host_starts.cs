using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sagas.Testing;

namespace Sagas.Standalone.Tests;

/// <summary>
/// The standalone platform started in-process as <c>dotnet run</c> starts it (real HTTP server, embedded broker, SQLite
/// files), its log captured until it is ready: a normal start says where everything is and warns of nothing.
/// </summary>
public sealed class When_the_standalone_host_starts(When_the_standalone_host_starts.StartedPlatform platform)
    : IClassFixture<When_the_standalone_host_starts.StartedPlatform>
{
    [Fact]
    public void Nothing_is_logged_at_warning_or_above() =>
        Assert.Empty(platform.Log.Lines.Where(line => line.Level >= LogLevel.Warning).Select(line => $"{line.Category}: {line.Text}"));

    [Fact]
    public void No_library_logs_its_information_lines() =>
        Assert.DoesNotContain(platform.Log.Lines, line => !line.Category.StartsWith("Sagas.", StringComparison.Ordinal));

    [Fact]
    public void One_summary_names_the_api_openapi_health_metrics_data_broker_and_database()
    {
        var summary = Assert.Single(platform.Log.Lines, line => line.Category.EndsWith("StartupSummary", StringComparison.Ordinal)).Text;
        var api = platform.App.Urls.Single();

        Assert.Contains($"API          {api}", summary, StringComparison.Ordinal);
        Assert.Contains($"{api}/health/ready", summary, StringComparison.Ordinal);
        Assert.Contains($"{api}/metrics", summary, StringComparison.Ordinal);
        Assert.Contains($"{api}/openapi/v1.json", summary, StringComparison.Ordinal);
        Assert.Contains("database     Sqlite", summary, StringComparison.Ordinal);
        Assert.Contains($"data         {platform.DataDirectory}", summary, StringComparison.Ordinal);
        Assert.Contains("(embedded", summary, StringComparison.Ordinal);
    }

    public sealed class StartedPlatform : IAsyncLifetime
    {
        readonly TemporaryDirectory _data = new();

        public CapturedLog Log { get; } = new();

        public WebApplication App { get; private set; } = null!;

        public string DataDirectory => Path.GetFullPath(_data.Path);

        public async Task InitializeAsync()
        {
            App = StandalonePlatform.Build([], new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:0",
                ["Persistence:DataDirectory"] = _data.Path,
            }, builder => builder.Logging.AddProvider(Log));
            await App.StartAsync();
            Readiness.WaitUntilReady(App);
        }

        public async Task DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
            _data.Dispose();
        }
    }
}
