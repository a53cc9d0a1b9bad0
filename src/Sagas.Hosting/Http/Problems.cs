using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Sagas.Hosting.Http;

/// <summary>Builds the problem-details answers the API gives for bad input, so every endpoint says it the same way.</summary>
public static class Problems
{
    /// <summary>Collects field errors; empty means the request is valid.</summary>
    public sealed class Errors
    {
        readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

        public bool Any => _errors.Count > 0;

        public Errors Check(bool failed, string field, string message)
        {
            if (failed)
                _errors[field] = [.. _errors.GetValueOrDefault(field, []), message];
            return this;
        }

        public Errors Check(string? error, string field) => Check(error is not null, field, error ?? "");

        public ValidationProblem ToProblem() => TypedResults.ValidationProblem(_errors);
    }

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(title: "Not found", detail: what, statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Conflict(string why) =>
        TypedResults.Problem(title: "Conflict", detail: why, statusCode: StatusCodes.Status409Conflict);

    public static ProblemHttpResult KeyReused() =>
        TypedResults.Problem(title: "Idempotency-Key reused",
            detail: "This Idempotency-Key was used for a different request.", statusCode: StatusCodes.Status422UnprocessableEntity);

    public static ProblemHttpResult KeyInUse() =>
        TypedResults.Problem(title: "Idempotency-Key in use",
            detail: "A request with this Idempotency-Key is still being processed; retry shortly.", statusCode: StatusCodes.Status409Conflict);

    public static ProblemHttpResult MissingKey(string why) =>
        TypedResults.Problem(title: "Bad Idempotency-Key", detail: why, statusCode: StatusCodes.Status400BadRequest);
}
