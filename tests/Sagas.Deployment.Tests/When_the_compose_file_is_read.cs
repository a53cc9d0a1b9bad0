using System.Text.RegularExpressions;
using Sagas.Hosting.Workers;
using Sagas.Kafka;
using Sagas.Messaging;

namespace Sagas.Deployment.Tests;

public partial class When_the_compose_file_is_read
{
    const string GatewayProject = "Sagas.Gateway";

    readonly ComposeFile _compose = ComposeFile.Load();

    [Fact]
    public void Every_service_the_infra_README_lists_is_defined_and_none_is_missing_from_it()
    {
        var documented = ServicesListedInReadme();

        Assert.Empty(documented.Except(_compose.ServiceNames));
        Assert.Empty(_compose.ServiceNames.Except(documented));
    }

    [Fact]
    public void Kafka_init_creates_every_topic_the_code_consumes_or_produces_with_its_dead_letter_topic()
    {
        var topics = new TopicOptions();
        var deadLetterSuffix = new KafkaOptions().DeadLetterSuffix;
        var expected = topics.All().SelectMany(topic => new[] { topic, topic + deadLetterSuffix }).ToHashSet();

        var created = _compose.Environment("kafka-init")["TOPICS"].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Equal(created.Length, created.Distinct().Count());
        Assert.Equal(expected.Order(), created.Order());
        foreach (var role in Enum.GetValues<WorkerRole>())
            Assert.Contains(topics.CommandsOf(role), created);
        Assert.Contains(topics.Transfers, created);
        Assert.Contains(topics.Orders, created);
    }

    [Fact]
    public void Kafka_is_three_kraft_nodes_with_replication_factor_three_min_insync_two_and_no_auto_creation()
    {
        var nodes = _compose.ServiceNames.Where(name => _compose.Service(name)["image"] as string == "apache/kafka:3.9.0" && name != "kafka-init").ToArray();
        Assert.Equal(["kafka-1", "kafka-2", "kafka-3"], nodes);

        foreach (var node in nodes)
        {
            var environment = _compose.Environment(node);
            Assert.Equal("broker,controller", environment["KAFKA_PROCESS_ROLES"]);
            Assert.Equal("1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093", environment["KAFKA_CONTROLLER_QUORUM_VOTERS"]);
            Assert.Equal($"PLAINTEXT://{node}:9092", environment["KAFKA_ADVERTISED_LISTENERS"]);
            Assert.Equal("false", environment["KAFKA_AUTO_CREATE_TOPICS_ENABLE"]);
            Assert.Equal("3", environment["KAFKA_DEFAULT_REPLICATION_FACTOR"]);
            Assert.Equal("2", environment["KAFKA_MIN_INSYNC_REPLICAS"]);
            Assert.Equal("3", environment["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"]);
            Assert.Contains("healthcheck", _compose.Service(node).Keys);
        }

        var init = _compose.Environment("kafka-init");
        Assert.Equal("3", init["REPLICATION_FACTOR"]);
        Assert.Equal(string.Join(',', nodes.Select(node => $"{node}:9092")), init["BOOTSTRAP_SERVERS"]);
        Assert.All(nodes, node => Assert.Equal("service_healthy", _compose.DependenciesOf("kafka-init")[node]));
    }

    [Fact]
    public void Every_worker_role_runs_in_exactly_one_service_of_its_own_host()
    {
        var roles = WorkerHosts()
            .SelectMany(host => HostProject.Named(_compose.ProjectOf(host))!.Services.SelectMany(service => service.Roles))
            .ToArray();

        Assert.Equal(WorkerRoles.All.Order(), roles.Order());
        Assert.All(WorkerHosts(), host => Assert.NotEqual("Sagas.Workers.Host", _compose.ProjectOf(host)));
    }

    [Fact]
    public void Two_orchestrators_run_and_the_schemas_are_migrated_once_before_any_host_starts()
    {
        Assert.Equal(2, OrchestratorHosts().Count);

        var migrate = Assert.Single(_compose.ServiceNames, _compose.IsOneShot);
        Assert.Equal("Sagas.Standalone", _compose.ProjectOf(migrate));
        Assert.Equal(["migrate"], (List<object>)_compose.Service(migrate)["command"]!);

        foreach (var host in Hosts())
        {
            Assert.Equal("false", _compose.Environment(host)["Persistence__ApplySchemaOnStartup"]);
            Assert.Equal("service_completed_successfully", _compose.DependenciesOf(host)[migrate]);
            Assert.Equal("service_completed_successfully", _compose.DependenciesOf(host)["kafka-init"]);
            Assert.Contains("healthcheck", _compose.Service(host).Keys);
        }
    }

    [Fact]
    public void Every_host_is_healthy_when_ready_and_the_orchestrators_wait_for_every_worker_service_to_be_ready()
    {
        foreach (var host in Hosts())
        {
            var probe = string.Join(' ', (List<object>)ComposeFile.Map(_compose.Service(host)["healthcheck"], host)["test"]!);
            Assert.Contains("/health/ready", probe, StringComparison.Ordinal);
        }

        foreach (var orchestrator in OrchestratorHosts())
            Assert.All(WorkerHosts(), worker => Assert.Equal("service_healthy", _compose.DependenciesOf(orchestrator)[worker]));
    }

    [Fact]
    public void Each_service_connects_with_a_login_of_its_own_to_its_own_database_only()
    {
        var logins = new Dictionary<string, string>();
        foreach (var host in Hosts())
        {
            var services = HostProject.Named(_compose.ProjectOf(host))!.Services.Select(service => service.Name).ToHashSet();
            foreach (var (key, value) in _compose.Environment(host).Where(pair => pair.Key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)))
            {
                var service = key["ConnectionStrings__".Length..];
                Assert.Contains(service, services);
                var login = LoginPattern().Match(value).Groups["login"].Value;
                Assert.NotEqual("sa", login);
                Assert.True(!logins.TryGetValue(login, out var other) || other == service, $"{host}: login {login} is also {other}'s");
                logins[login] = service;
            }
            Assert.DoesNotContain("Persistence__ConnectionString", _compose.Environment(host).Keys);
        }
    }

    [Fact]
    public void The_gateway_is_the_one_published_address_and_reaches_both_orchestrators_the_ledger_and_the_inventory()
    {
        var gateway = Assert.Single(_compose.HostsOf(GatewayProject));
        Assert.Equal(["5080:8080"], (List<object>)_compose.Service(gateway)["ports"]!);
        Assert.All(Hosts(), host => Assert.False(_compose.Service(host).ContainsKey("ports"), $"{host} publishes a port; users call the gateway"));

        var destinations = _compose.Environment(gateway).Where(pair => pair.Key.StartsWith("Gateway__Services__", StringComparison.Ordinal))
            .Select(pair => (Service: pair.Key.Split("__")[2], Host: new Uri(pair.Value).Host)).ToArray();
        Assert.Equal(OrchestratorHosts().Order(), destinations.Where(d => d.Service == "orchestrator").Select(d => d.Host).Order());
        Assert.Equal(["ledger"], destinations.Where(d => d.Service == "ledger").Select(d => d.Host));
        Assert.Equal(["inventory"], destinations.Where(d => d.Service == "inventory").Select(d => d.Host));
        Assert.All(destinations, destination => Assert.Contains(destination.Host, _compose.ServiceNames));
    }

    [Fact]
    public void Every_dependency_exists_and_a_healthy_condition_waits_on_a_health_check()
    {
        foreach (var service in _compose.ServiceNames)
            foreach (var (dependency, condition) in _compose.DependenciesOf(service))
            {
                Assert.Contains(dependency, _compose.ServiceNames);
                if (condition == "service_healthy")
                    Assert.True(_compose.Service(dependency).ContainsKey("healthcheck"), $"{service} waits for {dependency} to be healthy, which has no health check");
            }
    }

    [Fact]
    public void Host_services_build_executable_projects_of_this_repository()
    {
        foreach (var project in _compose.ServiceNames.Select(_compose.ProjectOf).OfType<string>().Distinct())
        {
            var file = RepositoryFiles.PathOf(Path.Combine("src", project, $"{project}.csproj"));
            Assert.True(File.Exists(file), $"{file} does not exist");
            Assert.Contains("<OutputType>Exe</OutputType>", File.ReadAllText(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Docker_waits_longer_than_the_host_which_waits_longer_than_the_kafka_drain()
    {
        foreach (var host in Hosts())
        {
            var shutdown = TimeSpan.Parse(_compose.Environment(host)["Host__ShutdownTimeout"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(shutdown > new KafkaOptions().DrainTimeout, $"{host}: Host__ShutdownTimeout {shutdown} does not outlast the Kafka drain");
            Assert.True(GracePeriod(host) > shutdown, $"{host}: stop_grace_period does not outlast Host__ShutdownTimeout {shutdown}");
        }
    }

    [Fact]
    public void Every_host_exports_traces_to_jaeger_under_a_service_name_of_its_own()
    {
        var names = Hosts().Select(host => _compose.Environment(host)["OTEL_SERVICE_NAME"]).ToArray();

        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.All(Hosts(), host => Assert.Equal("http://jaeger:4317", _compose.Environment(host)["OTEL_EXPORTER_OTLP_ENDPOINT"]));
        Assert.Equal("true", _compose.Environment("jaeger")["COLLECTOR_OTLP_ENABLED"]);
    }

    /// <summary>The services that run a host of ours (not the gateway, not the one-shot migrate step).</summary>
    IEnumerable<string> Hosts() => HostProject.All.SelectMany(project => _compose.HostsOf(project.Name));

    IReadOnlyList<string> OrchestratorHosts() => _compose.HostsOf(HostProject.Orchestrator);

    IEnumerable<string> WorkerHosts() => Hosts().Except(OrchestratorHosts());

    TimeSpan GracePeriod(string service)
    {
        var text = _compose.Service(service).TryGetValue("stop_grace_period", out var value) ? (string)value! : "10s";
        var match = DurationPattern().Match(text);
        Assert.True(match.Success, $"{service}: stop_grace_period '{text}' is not a whole number of seconds or minutes");
        var amount = int.Parse(match.Groups["amount"].Value, System.Globalization.CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value == "m" ? TimeSpan.FromMinutes(amount) : TimeSpan.FromSeconds(amount);
    }

    static string[] ServicesListedInReadme()
    {
        var lines = File.ReadAllLines(RepositoryFiles.PathOf(Path.Combine("infra", "README.md")));
        var section = lines.SkipWhile(line => line != "## Services").Skip(1).TakeWhile(line => !line.StartsWith("## ", StringComparison.Ordinal));
        var names = section.Select(line => ServiceRowPattern().Match(line)).Where(match => match.Success)
            .SelectMany(match => match.Groups["names"].Value.Split(',', StringSplitOptions.TrimEntries))
            .Select(name => name.Trim('`'))
            .ToArray();
        Assert.NotEmpty(names);
        return names;
    }

    [GeneratedRegex(@"^\|\s*(?<names>`[^|]+`)\s*\|")]
    private static partial Regex ServiceRowPattern();

    [GeneratedRegex(@"User Id=(?<login>[^;]+);")]
    private static partial Regex LoginPattern();

    [GeneratedRegex(@"^(?<amount>\d+)(?<unit>[sm])$")]
    private static partial Regex DurationPattern();
}
