using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Outages;

namespace Sagas.Hosting.Http;

/// <summary>The HTTP conventions every service's API keeps: strict JSON in, problem details out, an OpenAPI document.</summary>
public static class ServiceApi
{
    public static IServiceCollection AddServiceApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });
        return services;
    }

    public static WebApplication UseServiceApi(this WebApplication app)
    {
        // Unreadable bodies (bad JSON, unknown fields, numbers out of range) are the client's fault: 400, not 500. A
        // database or cluster that is down is no one's fault and passes: 503, to be tried again.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                _ when TransientFailure.IsTransient(exception) => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePages();
        app.MapOpenApi();
        return app;
    }
}
