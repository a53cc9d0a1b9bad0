using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sagas.Contracts.Fraud;
using Sagas.Contracts.Ledger;
using Sagas.Hosting.Workers;
using Sagas.Messaging;

namespace Sagas.Workers.Tests;

public sealed class When_a_host_chooses_its_roles
{
    [Theory]
    [InlineData(null, new[] { WorkerRole.Debit, WorkerRole.Credit, WorkerRole.Fraud, WorkerRole.Notify, WorkerRole.Inventory, WorkerRole.Shipping })]
    [InlineData(" debit, Credit ,debit", new[] { WorkerRole.Debit, WorkerRole.Credit })]
    [InlineData("shipping", new[] { WorkerRole.Shipping })]
    public void Role_names_are_read_from_a_comma_separated_list(string? roles, WorkerRole[] expected) =>
        Assert.Equal(expected, WorkerRoles.Parse(roles));

    [Theory]
    [InlineData("debit,ledger")]
    [InlineData("1")]
    public void An_unknown_role_is_an_error_naming_it(string roles) =>
        Assert.Contains("is not a worker role", Assert.Throws<FormatException>(() => WorkerRoles.Parse(roles)).Message, StringComparison.Ordinal);

    [Fact]
    public void Options_accept_a_list_or_a_comma_separated_string_and_reject_unknown_roles()
    {
        Assert.Equal([WorkerRole.Fraud, WorkerRole.Notify], OptionsFrom(new() { ["Workers:Roles"] = "fraud,notify" }).ParsedRoles());
        Assert.Equal([WorkerRole.Fraud, WorkerRole.Notify],
            OptionsFrom(new() { ["Workers:Roles:0"] = "fraud", ["Workers:Roles:1"] = "notify" }).ParsedRoles());
        var failure = Assert.Throws<OptionsValidationException>(() => OptionsFrom(new() { ["Workers:Roles"] = "debit,bank" }));
        Assert.Contains("'bank' is not a worker role", failure.Message, StringComparison.Ordinal);
        Assert.Equal([WorkerRole.Fraud, WorkerRole.Notify],
            WorkerRoles.FromConfiguration(Configuration(new() { ["Workers:Roles:0"] = "fraud", ["Workers:Roles:1"] = "notify" })));
    }

    [Fact]
    public async Task Only_the_chosen_roles_consume()
    {
        await using var host = await WorkerHost.Start(roles: [WorkerRole.Fraud]);
        var fraudCheck = Guid.NewGuid();
        var debit = Guid.NewGuid();

        await host.Send(new DebitAccount(debit, "alice", 1m, "USD"));
        await host.Send(new CheckFraud(fraudCheck, "alice", "bob", 1m, "USD"));

        await host.Reply<FraudCheckPassed>(fraudCheck);
        Assert.Equal(0, host.ConsumedSoFar<DebitAccount>());
    }

    static WorkerOptions OptionsFrom(Dictionary<string, string?> settings)
    {
        var configuration = Configuration(settings);
        using var provider = new ServiceCollection().AddLogging().AddSingleton(configuration).AddWorkerOptions(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<WorkerOptions>>().Value;
    }

    static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
