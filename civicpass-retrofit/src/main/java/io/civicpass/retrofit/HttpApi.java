package io.civicpass.retrofit;

import io.civicpass.okhttp.SendState;
import io.civicpass.spi.HttpRequest;
import okhttp3.Headers;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.HTTP;
import retrofit2.http.HeaderMap;
import retrofit2.http.Tag;
import retrofit2.http.Url;

/**
 * A generic Retrofit declaration: one method per HTTP method and body shape, each taking the
 * complete URL, every header field and the body exactly as core built them, and answering the
 * raw response. Retrofit fixes the method per interface method, so there is one for each;
 * nothing here knows a path, field or status. Each request is tagged with core's
 * {@link HttpRequest} (its deadline, and whether its bodies are sensitive) and its
 * {@link SendState}, for this transport's interceptors and a user's.
 */
interface HttpApi {

    /** {@code GET}, which has no body. */
    @HTTP(method = "GET")
    Call<ResponseBody> get(@Url String url, @HeaderMap Headers headers,
                           @Tag HttpRequest request, @Tag SendState state);

    /** {@code DELETE} without a body. */
    @HTTP(method = "DELETE")
    Call<ResponseBody> delete(@Url String url, @HeaderMap Headers headers,
                              @Tag HttpRequest request, @Tag SendState state);

    /** {@code DELETE} with a body. */
    @HTTP(method = "DELETE", hasBody = true)
    Call<ResponseBody> deleteWithBody(@Url String url, @HeaderMap Headers headers, @Body RequestBody body,
                                      @Tag HttpRequest request, @Tag SendState state);

    /** {@code POST}; OkHttp needs a body, empty when core gave none. */
    @HTTP(method = "POST", hasBody = true)
    Call<ResponseBody> post(@Url String url, @HeaderMap Headers headers, @Body RequestBody body,
                            @Tag HttpRequest request, @Tag SendState state);

    /** {@code PUT}; OkHttp needs a body, empty when core gave none. */
    @HTTP(method = "PUT", hasBody = true)
    Call<ResponseBody> put(@Url String url, @HeaderMap Headers headers, @Body RequestBody body,
                           @Tag HttpRequest request, @Tag SendState state);

    /** {@code PATCH}; OkHttp needs a body, empty when core gave none. */
    @HTTP(method = "PATCH", hasBody = true)
    Call<ResponseBody> patch(@Url String url, @HeaderMap Headers headers, @Body RequestBody body,
                             @Tag HttpRequest request, @Tag SendState state);
}
