-- Login throttling (security.LoginThrottle): failures per key (a username, a client address, or the pair), and the
-- time before which the key's next attempt is refused with a 429. In the database, so that every app node applies it.
create table login_throttle (
    key             varchar(400) primary key,
    failures        integer      not null,
    last_failure_at timestamptz  not null,
    blocked_until   timestamptz
);
-- Where people signed in successfully: the username's own throttle does not hold back a place it is known from, so
-- failures from elsewhere cannot lock the real user out.
create table login_success (
    username varchar(64)  not null,
    address  varchar(64)  not null,
    last_at  timestamptz  not null,
    primary key (username, address)
);
