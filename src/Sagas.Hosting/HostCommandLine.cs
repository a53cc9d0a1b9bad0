using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using Sagas.Observability.CommandLine;
using Sagas.Persistence.Schema;

namespace Sagas.Hosting;

/// <summary>
/// The command line every host shares: no verb runs the host until SIGTERM or Ctrl+C; <c>migrate</c> applies every
/// registered service schema and exits (the deployment step that goes with <c>Persistence:ApplySchemaOnStartup=false</c>);
/// a verb of a service the host runs (<see cref="IHostVerb"/>, such as the ledger's <c>rebuild-balances</c>) runs and exits;
/// <c>--help</c> prints the usage. An unknown verb or a configuration error ends the process with
/// <see cref="ConfigurationError"/> and one line on stderr.
/// </summary>
public static class HostCommandLine
{
    public const string MigrateVerb = "migrate";

    /// <summary>Exit code of a host that refused its configuration.</summary>
    public const int ConfigurationError = HostArguments.UsageError;

    /// <param name="runs">What the host runs, for its usage: "runs the ledger service".</param>
    /// <param name="verbs">The verbs of the services the host runs, besides <c>migrate</c>.</param>
    public static async Task<int> RunAsync(string hostName, string runs, string[] args, Func<string[], WebApplication> build,
        IReadOnlyList<IHostVerb> verbs)
    {
        var arguments = HostArguments.Read(args, [MigrateVerb, .. verbs.Select(verb => verb.Name)]);
        if (await arguments.AnswerAsync(hostName, HostUsage.Text(hostName, runs, verbs)) is { } answered)
            return answered;

        WebApplication app;
        try
        {
            app = build(args);
        }
        catch (FormatException exception)
        {
            // Composition reads a few settings itself (Workers:Roles); a malformed one is a configuration error too.
            return await Refuse(hostName, exception.Message);
        }
        catch (Exception exception) when (InvalidOptions(exception) is { } invalid)
        {
            return await Refuse(hostName, invalid.Message);
        }

        await using (app)
        {
            try
            {
                if (arguments.Verb == MigrateVerb)
                {
                    await Migrate(app);
                    return 0;
                }

                if (verbs.FirstOrDefault(verb => verb.Name == arguments.Verb) is { } asked)
                    return await Run(asked, app.Services);

                await app.RunAsync();
                return 0;
            }
            catch (Exception exception) when (InvalidOptions(exception) is { } invalid)
            {
                return await Refuse(hostName, invalid.Message);
            }
        }
    }

    /// <summary>
    /// The options validation failure behind an exception: MassTransit wraps one raised while it creates the bus (which
    /// mapping health checks already does) in a ConfigurationException, and the host aggregates start-up failures.
    /// </summary>
    static OptionsValidationException? InvalidOptions(Exception exception) => exception switch
    {
        OptionsValidationException invalid => invalid,
        AggregateException aggregate => aggregate.InnerExceptions.Select(InvalidOptions).FirstOrDefault(invalid => invalid is not null),
        { InnerException: { } inner } => InvalidOptions(inner),
        _ => null,
    };

    static async Task Migrate(WebApplication app)
    {
        foreach (var report in await SchemaMigrator.ApplyAsync(app.Services))
            Console.WriteLine($"{report.Service}: schema version {report.PreviousVersion} -> {report.Version}");
    }

    /// <summary>Runs the verb, Ctrl+C cancelling it; its exit code is the process's.</summary>
    static async Task<int> Run(IHostVerb verb, IServiceProvider services)
    {
        using var cancel = new CancellationTokenSource();
        void Cancel(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            cancel.Cancel();
        }

        Console.CancelKeyPress += Cancel;
        try
        {
            return await verb.Run(services, cancel.Token);
        }
        finally
        {
            Console.CancelKeyPress -= Cancel;
        }
    }

    static async Task<int> Refuse(string hostName, string problem)
    {
        await Console.Error.WriteLineAsync($"{hostName}: configuration error: {problem}");
        return ConfigurationError;
    }
}
