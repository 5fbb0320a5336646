using System.Text.Json;
using Orleans.Storage;
using Microfactory.Network;
using Microfactory.Network.Rollouts;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Microfactory.Orchestrator.Errors;

/// <summary>
/// Turns what went wrong into ProblemDetails with a message a planner can act on: the domain's own errors map to
/// 4xx, unreadable requests to 400, lost grain races (after the edge's retries) to 503 with Retry-After.
/// </summary>
public sealed partial class DomainExceptionHandler(IProblemDetailsService problems, ILogger<DomainExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            NotFoundException e => (StatusCodes.Status404NotFound, "Not found", e.Message),
            InvalidStateException e => (StatusCodes.Status409Conflict, "Not allowed in the current state", e.Message),
            DomainValidationException e => (StatusCodes.Status422UnprocessableEntity, "Invalid request", e.Message),
            IdempotencyMismatchException e => (StatusCodes.Status422UnprocessableEntity, "Idempotency key reused", e.Message),
            BadHttpRequestException e => (e.StatusCode, "Malformed request", Describe(e)),
            DesignDeliveryUnavailableException e => (StatusCodes.Status503ServiceUnavailable, "Design delivery unavailable", e.Message),
            InconsistentStateException => (StatusCodes.Status503ServiceUnavailable, "Busy", "The request raced with another change and gave up after retrying; try again."),
            _ => (0, "", ""),
        };

        if (status == 0)
        {
            LogUnhandled(exception, context.Request.Method, context.Request.Path);
            return false;
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (exception is DomainValidationException v)
        {
            problem.Extensions["field"] = v.Field;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    // The framework's message says only "Failed to read parameter"; the JSON error says where and what.
    private static string Describe(BadHttpRequestException e) => e.InnerException switch
    {
        JsonException json => $"The request body is not valid JSON for this endpoint: {json.Message}",
        { } inner => $"{e.Message} {inner.Message}",
        _ => e.Message,
    };

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, string path);
}
