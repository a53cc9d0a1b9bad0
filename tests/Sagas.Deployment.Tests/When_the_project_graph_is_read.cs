namespace Sagas.Deployment.Tests;

/// <summary>
/// Services meet only through contracts on Kafka: no service references another service's code (and with it its
/// database), the building blocks reference no service, each service's host runs that service alone, and no project of
/// the platform uses an executable as a library. Only the standalone host, the worker host (several worker services in
/// one process), the bench and the tests compose several services.
/// </summary>
public sealed class When_the_project_graph_is_read
{
    static readonly string[] Services = ["Sagas.Orchestrator", "Sagas.Ledger", "Sagas.Fraud", "Sagas.Notify", "Sagas.Inventory", "Sagas.Shipping"];

    static readonly string[] BuildingBlocks =
    [
        "Sagas.Contracts", "Sagas.Messaging", "Sagas.Kafka", "Sagas.Persistence", "Sagas.Outbox", "Sagas.Scheduling",
        "Sagas.Observability", "Sagas.Hosting",
    ];

    static readonly string[] Composers = ["Sagas.Standalone", "Sagas.Workers.Host"];

    readonly ProjectGraph _graph = ProjectGraph.Load();

    [Fact]
    public void Every_project_is_a_service_a_building_block_a_host_or_the_gateway()
    {
        var hosts = Services.Select(service => $"{service}.Host");
        Assert.Equal(
            Services.Concat(BuildingBlocks).Concat(hosts).Concat(Composers).Append("Sagas.Gateway").Order(),
            _graph.Projects.Order());
    }

    [Fact]
    public void No_service_references_another_service()
    {
        foreach (var service in Services)
            Assert.Empty(_graph.AllReferences(service).Intersect(Services));
    }

    [Fact]
    public void No_building_block_and_not_the_gateway_references_a_service()
    {
        foreach (var project in BuildingBlocks.Append("Sagas.Gateway"))
            Assert.Empty(_graph.AllReferences(project).Intersect(Services));
    }

    [Fact]
    public void Each_service_host_runs_its_own_service_alone()
    {
        foreach (var service in Services)
            Assert.Equal([service], _graph.AllReferences($"{service}.Host").Intersect(Services));
    }

    [Fact]
    public void Services_and_building_blocks_are_libraries_and_every_host_is_an_executable_no_project_references()
    {
        Assert.All(Services.Concat(BuildingBlocks), project => Assert.False(_graph.IsExecutable(project), $"{project} is an executable"));
        var executables = _graph.Projects.Where(_graph.IsExecutable).ToArray();
        Assert.Equal(Services.Select(service => $"{service}.Host").Concat(Composers).Append("Sagas.Gateway").Order(), executables.Order());
        foreach (var project in _graph.Projects)
            Assert.Empty(_graph.DirectReferences(project).Intersect(executables));
    }
}
