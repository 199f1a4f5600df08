//! A token passed around a ring of nodes, one message at a time.
//!
//! It is the smallest model that still has the shape of every protocol in the
//! book: nodes with state, messages in flight, faults a reader can inject and
//! a history the reader can step back through. A crashed node loses the token
//! it held and drops a token sent to it, and nothing regenerates a lost token:
//! that is the lesson the ring teaches before the book explains timeouts.

mod session;

pub use session::Session;

/// What a reader can do to the ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Let the next thing happen: the holder sends the token on, or the
    /// token in flight arrives.
    Step,
    Crash(usize),
    Restart(usize),
}

/// Where the token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Token {
    HeldBy(usize),
    InFlight { from: usize, to: usize },
    Lost,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ring {
    up: Vec<bool>,
    token: Token,
    /// How many times each node has received the token.
    received: Vec<u32>,
}

impl Ring {
    /// A ring of `nodes` nodes, all up, with node 0 holding the token.
    ///
    /// # Panics
    /// If `nodes < 2`: a ring needs somewhere to pass the token to.
    pub fn new(nodes: usize) -> Self {
        assert!(nodes >= 2, "a ring needs at least two nodes, got {nodes}");
        Ring {
            up: vec![true; nodes],
            token: Token::HeldBy(0),
            received: vec![0; nodes],
        }
    }

    pub fn nodes(&self) -> usize {
        self.up.len()
    }

    pub fn is_up(&self, node: usize) -> bool {
        self.up[node]
    }

    pub fn token(&self) -> Token {
        self.token
    }

    pub fn received(&self, node: usize) -> u32 {
        self.received[node]
    }

    /// The actions that make sense now, in a fixed order.
    pub fn enabled(&self) -> Vec<Action> {
        let mut actions = Vec::new();
        if self.token != Token::Lost {
            actions.push(Action::Step);
        }
        for node in 0..self.nodes() {
            actions.push(if self.up[node] {
                Action::Crash(node)
            } else {
                Action::Restart(node)
            });
        }
        actions
    }

    /// Applies `action` and says what happened, in words for the event log.
    /// An action that does not apply (stepping when the token is lost,
    /// crashing a crashed node) changes nothing and says why.
    pub fn apply(&mut self, action: Action) -> String {
        match action {
            Action::Step => self.step(),
            Action::Crash(node) if node >= self.nodes() => format!("there is no node n{node}"),
            Action::Restart(node) if node >= self.nodes() => format!("there is no node n{node}"),
            Action::Crash(node) if !self.up[node] => format!("n{node} is already down"),
            Action::Restart(node) if self.up[node] => format!("n{node} is already up"),
            Action::Crash(node) => {
                self.up[node] = false;
                if self.token == Token::HeldBy(node) {
                    self.token = Token::Lost;
                    format!("n{node} crashes while holding the token: the token is lost with it")
                } else {
                    format!("n{node} crashes")
                }
            }
            Action::Restart(node) => {
                self.up[node] = true;
                format!("n{node} restarts; it does not know where the token is")
            }
        }
    }

    fn step(&mut self) -> String {
        match self.token {
            Token::HeldBy(from) => {
                let to = (from + 1) % self.nodes();
                self.token = Token::InFlight { from, to };
                format!("n{from} sends the token to n{to}")
            }
            Token::InFlight { from, to } if self.up[to] => {
                self.token = Token::HeldBy(to);
                self.received[to] += 1;
                format!("n{to} receives the token from n{from}")
            }
            Token::InFlight { from, to } => {
                self.token = Token::Lost;
                format!(
                    "the token from n{from} reaches n{to}, which is down: the token is lost, \
                     and no node knows it"
                )
            }
            Token::Lost => {
                "nothing happens: the token is lost and nobody will send it again".to_owned()
            }
        }
    }
}

#[cfg(test)]
mod tests;
