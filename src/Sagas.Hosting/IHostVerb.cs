namespace Sagas.Hosting;

/// <summary>
/// A maintenance command a service adds to the command line of every host that runs it (<see cref="Services.ServiceModule.Verbs"/>):
/// <c>dotnet X.dll &lt;name&gt;</c> builds the host, runs the verb instead of the host, and exits, as <c>migrate</c> does.
/// </summary>
public interface IHostVerb
{
    string Name { get; }

    /// <summary>One line for <c>--help</c>.</summary>
    string Description { get; }

    /// <summary>Does the work on the built, not started, host and returns the process's exit code.</summary>
    Task<int> Run(IServiceProvider services, CancellationToken cancellationToken);
}
