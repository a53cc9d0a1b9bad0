using Microsoft.Extensions.Options;

namespace Sagas.Gateway.Tests;

public sealed class When_the_configuration_is_incomplete
{
    [Fact]
    public void A_routed_service_without_a_destination_is_refused_by_name()
    {
        var refused = Assert.Throws<OptionsValidationException>(() => GatewayProgram.Build(
            ["--Gateway:Services:orchestrator:0=http://127.0.0.1:1", "--Gateway:Services:inventory:0=http://127.0.0.1:2"]));

        Assert.Contains("Gateway:Services:ledger has no destination", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_destination_that_is_not_an_http_address_is_refused()
    {
        var refused = Assert.Throws<OptionsValidationException>(() => GatewayProgram.Build(
        [
            "--Gateway:Services:orchestrator:0=orchestrator-1:8080", "--Gateway:Services:ledger:0=http://127.0.0.1:1",
            "--Gateway:Services:inventory:0=http://127.0.0.1:2",
        ]));

        Assert.Contains("'orchestrator-1:8080'", refused.Message, StringComparison.Ordinal);
    }
}
