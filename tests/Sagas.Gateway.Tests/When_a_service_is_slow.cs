namespace Sagas.Gateway.Tests;

public sealed class When_a_service_is_slow : IAsyncLifetime
{
    readonly GatewayUnderTest _gateway = new(requestTimeout: TimeSpan.FromSeconds(1));

    public Task InitializeAsync() => _gateway.InitializeAsync();

    public Task DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task A_request_it_does_not_answer_in_time_gets_503_problem_details_naming_it()
    {
        using var response = await _gateway.Client.GetAsync("/api/inventory/slow");

        await When_a_service_is_down.AssertUnavailable(response, "inventory");
    }
}
