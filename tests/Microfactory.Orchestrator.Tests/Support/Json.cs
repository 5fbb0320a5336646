using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace Microfactory.Orchestrator.Tests.Support;

public static class Json
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync().Within("the response body");
        return JsonSerializer.Deserialize<T>(body, Options)
            ?? throw new InvalidOperationException($"{(int)response.StatusCode} response held no {typeof(T).Name}: {body}");
    }

    /// <summary>Asserts the status and that the body is RFC 9457 ProblemDetails, and returns it.</summary>
    public static async Task<ProblemDetails> ProblemAsync(this HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync().Within("the problem body");
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<ProblemDetails>(body, Options);
        Assert.NotNull(problem);
        Assert.Equal(status, problem.Status);
        return problem;
    }

    public static JsonContent Body(object value) => JsonContent.Create(value, options: Options);
}
