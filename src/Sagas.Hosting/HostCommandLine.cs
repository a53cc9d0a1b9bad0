using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sagas.Persistence.Schema;

namespace Sagas.Hosting;

/// <summary>
/// The command line every host shares: no verb runs the host until SIGTERM or Ctrl+C; <c>migrate</c> applies every
/// registered service schema and exits (the deployment step that goes with <c>Persistence:ApplySchemaOnStartup=false</c>);
/// a verb a service registers (<see cref="IHostVerb"/>, such as the ledger's <c>rebuild-balances</c>) runs and exits.
/// A configuration error ends the process with <see cref="ConfigurationError"/> and one line on stderr.
/// </summary>
public static class HostCommandLine
{
    public const string MigrateVerb = "migrate";

    /// <summary>Exit code of a host that refused its configuration.</summary>
    public const int ConfigurationError = 2;

    public static async Task<int> RunAsync(string hostName, string[] args, Func<string[], WebApplication> build)
    {
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
                if (args.Contains(MigrateVerb))
                {
                    await Migrate(app);
                    return 0;
                }

                var verbs = app.Services.GetServices<IHostVerb>().Where(verb => args.Contains(verb.Name)).ToList();
                if (verbs.Count > 0)
                    return await Run(verbs, app.Services);

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

    /// <summary>Runs the verbs one after another, Ctrl+C cancelling; the exit code is the first failing verb's, else 0.</summary>
    static async Task<int> Run(IReadOnlyList<IHostVerb> verbs, IServiceProvider services)
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
            foreach (var verb in verbs)
            {
                if (await verb.Run(services, cancel.Token) is not 0 and var failed)
                    return failed;
            }

            return 0;
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
