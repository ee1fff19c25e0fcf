"""Stage 4, link: entity resolution with splink, after the first ``dbt build`` (`run.run_linkage`).

By link type:

- `donors`: which itemized receipts of individuals are the same donor (``links.donor_clusters``).
- `lobbyists`: LDA lobbyists <-> donors (``links.lobbyist_donor_links``).
- `organizations`: lobbying clients <-> PAC sponsors and employers (``links.organization_links``).

Shared: `config` (``review/linkage.yml`` and the reviewers' ``link_reviews.csv``), `reviews` (the
review rules every link type follows), `model` (what the splink models share; each model's
comparisons and blocking rules stay declarative, in its link type's module), `tables` (the link
tables and their documentation written to schema ``links``), and `run` (the step itself).

Takes: the warehouse's ``staging`` and ``intermediate`` schemas and ``review/``. Leaves: schema
``links`` (``donor_clusters``, ``lobbyist_donor_links``, ``organization_links``,
``link_decisions``) in the warehouse, in one transaction.
"""
