/**
 * Who is calling: the demo identity provider (an embedded Spring Authorization Server with the demo
 * hospitals and staff) and the names of the token claims and scopes the rest of the server relies
 * on. With an external OpenID provider configured, only the names apply.
 */
package io.shouhu.identity;
